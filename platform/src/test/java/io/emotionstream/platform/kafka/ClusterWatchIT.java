package io.emotionstream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.testkit.KafkaCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster watch on a real broker (a node in a process of its own): gone when killed, back when started again. */
class ClusterWatchIT {
    @TempDir
    Path dir;

    @Test
    void shouldSeeTheClusterGoWithinAProbeAndComeBackWhenItsBrokerReturns() {
        try (KafkaCluster cluster = KafkaCluster.start(dir, 1);
                ClusterWatch watch = new ClusterWatch(
                                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                                Clock.systemUTC())
                        .start()) {
            // given a watch on a cluster that answers
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watch.reachability().reachable());
            assertThat(watch.unreachableFor()).isZero();

            // when its only broker is killed
            Instant killedAt = Instant.now();
            cluster.kill(1);

            // then the watch says so within one interval and one probe timeout, since about then
            await().atMost(ClusterWatch.INTERVAL
                            .plus(ClusterWatch.PROBE_TIMEOUT)
                            .plusSeconds(1))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !watch.reachability().reachable());
            assertThat(watch.reachability().unreachableSince())
                    .hasValueSatisfying(since -> assertThat(since)
                            .isBetween(killedAt.minus(ClusterWatch.INTERVAL), killedAt.plus(ClusterWatch.INTERVAL)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watch.unreachableFor().compareTo(Duration.ofSeconds(3)) > 0);

            // and when the broker is back, so is the cluster, and the outage is forgotten
            cluster.start(1);
            cluster.awaitBrokers(1);
            await().atMost(ClusterWatch.INTERVAL
                            .plus(ClusterWatch.PROBE_TIMEOUT)
                            .plus(ClientBackoff.MAX)
                            .plusSeconds(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> watch.reachability().reachable());
            assertThat(watch.unreachableFor()).isZero();
        }
    }
}
