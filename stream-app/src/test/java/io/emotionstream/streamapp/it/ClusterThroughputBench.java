package io.emotionstream.streamapp.it;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.KafkaCluster;
import io.emotionstream.testkit.TestRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark, not a test (no *IT name: the build does not run it; bench/cluster-throughput.sh does): one in-process
 * app (two stream threads, no monitor) works off 3,000 waiting events on a KafkaCluster of {@code -Dbench.nodes} nodes
 * with {@code -Dbench.commit.ms}, and prints its rate, start-up included, as one JSON line tagged CLUSTER-BENCH.
 */
class ClusterThroughputBench {
    private static final int EVENTS = 3000;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int nodes = Integer.getInteger("bench.nodes", 3);
        int commitMs = Integer.getInteger("bench.commit.ms", 100);
        Path models = dir.resolve("models");
        TestModels.publishUntrained(models, "bench-model");
        Topics topics = new TestRun("bench").topics();
        try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("cluster"), nodes)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topics.images(), 2, (short) Math.min(3, nodes))))
                        .all()
                        .get();
            }
            ScaleOutBench.preload(cluster.bootstrapServers(), topics.images(), EVENTS);
            StreamAppConfig config = StreamAppConfig.builder()
                    .bootstrapServers(cluster.bootstrapServers())
                    .applicationId("bench")
                    .topics(topics)
                    .modelRegistry(models)
                    .metricsPort(0)
                    .stateDir(dir.resolve("state"))
                    .monitorEnabled(false)
                    .commitInterval(Duration.ofMillis(commitMs))
                    .build();
            long start = System.nanoTime();
            try (StreamApp app = StreamApp.start(config)) {
                int predicted = Committed.readPredictions(
                                cluster.bootstrapServers(), topics.predictions(), EVENTS, Duration.ofSeconds(300))
                        .size();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "CLUSTER-BENCH {\"nodes\": %d, \"commit_ms\": %d, \"predictions\": %d, \"seconds\": %.1f, "
                                + "\"per_second\": %.1f}%n",
                        nodes,
                        commitMs,
                        predicted,
                        seconds,
                        predicted / seconds);
            }
        }
    }
}
