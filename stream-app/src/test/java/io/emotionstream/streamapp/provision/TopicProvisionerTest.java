package io.emotionstream.streamapp.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.config.DataProtection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {
    private static final DataProtection.Retention RETENTION = new DataProtection.Retention(
            Duration.ofHours(6), Duration.ofHours(30), Duration.ofDays(3), Duration.ofDays(9), Duration.ofHours(5));

    @Test
    void shouldCreateEachTopicWithTheRetentionItsSettingSays() {
        Map<String, NewTopic> created = byName(TopicProvisioner.topicsOf(Topics.DEFAULT, 3, RETENTION));

        assertThat(retentionMs(created, Topics.DEFAULT.images())).isEqualTo("21600000");
        assertThat(retentionMs(created, Topics.DEFAULT.labels())).isEqualTo("108000000");
        assertThat(retentionMs(created, Topics.DEFAULT.deadLetters())).isEqualTo("259200000");
        assertThat(retentionMs(created, Topics.DEFAULT.predictions())).isEqualTo("777600000");
        assertThat(retentionMs(created, Topics.DEFAULT.shadowPredictions())).isEqualTo("777600000");
        assertThat(retentionMs(created, Topics.DEFAULT.biasAlerts())).isEqualTo("777600000");
        assertThat(retentionMs(created, Topics.DEFAULT.monitorFeed())).isEqualTo("18000000");
    }

    @Test
    void shouldPartitionTheMonitorsFeedLikeTheLabelsItIsJoinedWith() {
        Map<String, NewTopic> created = byName(TopicProvisioner.topicsOf(Topics.DEFAULT, 3, RETENTION));

        assertThat(created.get(Topics.DEFAULT.monitorFeed()).numPartitions())
                .isEqualTo(created.get(Topics.DEFAULT.labels()).numPartitions())
                .isEqualTo(3);
    }

    @Test
    void shouldLeaveTheCompactedTopicsToCompaction() {
        Map<String, NewTopic> created = byName(TopicProvisioner.topicsOf(Topics.DEFAULT, 3, RETENTION));

        assertThat(created.get(Topics.DEFAULT.biasMetrics()).configs())
                .containsEntry("cleanup.policy", "compact")
                .doesNotContainKey("retention.ms");
        assertThat(created.get(Topics.DEFAULT.models()).configs()).doesNotContainKey("retention.ms");
    }

    private static String retentionMs(Map<String, NewTopic> created, String topic) {
        return created.get(topic).configs().get("retention.ms");
    }

    private static Map<String, NewTopic> byName(List<NewTopic> topics) {
        return topics.stream().collect(Collectors.toMap(NewTopic::name, Function.identity()));
    }
}
