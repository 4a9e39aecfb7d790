package io.emotionstream.streamapp.provision;

import io.emotionstream.platform.kafka.TopicCreation;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.config.DataProtection;
import io.emotionstream.streamapp.topology.OutputLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The app's topics, created when absent, and their record limits settled ({@link TopicLimits}). Runs once at
 * start-up, before any client: a missing topic or an unwritable limit stops start-up with one message.
 */
public final class TopicProvisioner {
    private TopicProvisioner() {}

    /**
     * Creates what is missing and returns what the dead-letter topic takes per record, which every dead letter is
     * fitted to.
     *
     * @param pendingChangelog the micro-batch buffer's changelog, raised if an older deployment created it smaller
     */
    public static int provision(
            Admin admin, Topics topics, int partitions, DataProtection.Retention retention, String pendingChangelog) {
        TopicCreation.createIfAbsent(admin, topicsOf(topics, partitions, retention));
        TopicLimits.ensureAtLeast(admin, pendingChangelog, OutputLimits.MAX_RECORD_BYTES);
        return TopicLimits.ensureAtLeast(admin, topics.deadLetters(), OutputLimits.MAX_RECORD_BYTES)
                .orElseThrow(() -> new IllegalStateException("dead-letter topic " + topics.deadLetters() + " missing"));
    }

    static List<NewTopic> topicsOf(Topics topics, int partitions, DataProtection.Retention retention) {
        return List.of(
                new NewTopic(topics.images(), Optional.of(partitions), Optional.empty())
                        .configs(retained(retention.images())),
                new NewTopic(topics.predictions(), Optional.of(partitions), Optional.empty())
                        .configs(retained(retention.outputs())),
                // a dead letter may keep its original (dead.letter.values=keep): the app accepts records up to this
                // size
                new NewTopic(topics.deadLetters(), Optional.of(partitions), Optional.empty())
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(retention.deadLetters().toMillis()),
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                Integer.toString(OutputLimits.MAX_RECORD_BYTES))),
                new NewTopic(topics.shadowPredictions(), Optional.of(partitions), Optional.empty())
                        .configs(retained(retention.outputs())),
                // labels are joined with the monitor's feed by event id: same partition count, same key,
                // co-partitioned
                new NewTopic(topics.labels(), Optional.of(partitions), Optional.empty())
                        .configs(retained(retention.labels())),
                new NewTopic(topics.monitorFeed(), Optional.of(partitions), Optional.empty())
                        .configs(retained(retention.monitorFeed())),
                // erasure requests, keyed by event id like the feed and the labels: the same task sees all three
                new NewTopic(topics.erasures(), Optional.of(partitions), Optional.empty())
                        .configs(retained(retention.labels())),
                // the monitor's latest figures per group and window: compacted, kept as long as they are current
                new NewTopic(topics.biasMetrics(), Optional.of(partitions), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(topics.biasAlerts(), Optional.of(partitions), Optional.empty())
                        .configs(retained(retention.outputs())),
                ModelsTopic.newTopic(topics.models()));
    }

    private static Map<String, String> retained(Duration retention) {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
}
