package io.emotionstream.streamapp.it;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.JavaProcess;
import io.emotionstream.testkit.KafkaCluster;
import io.emotionstream.testkit.TestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark, not a test (no *IT name: the build does not run it; bench/scale-out.sh does). {@code -Dbench.instances}
 * app processes with {@code -Dbench.threads} stream threads each (no monitor; {@code -Dbench.standbys}, default 0) work off a backlog of
 * {@code -Dbench.events} events in 6 partitions on a broker process ({@code -Dbench.nodes}). Prints one JSON line
 * tagged SCALE-BENCH: the steady rate (committed predictions between 20% and 90% of the backlog, so start-up and the
 * tail are out), the time to the first committed prediction, and the cores the instances kept busy meanwhile (their
 * CPU time over the same span: what says whether more instances could help on this machine).
 */
class ScaleOutBench {
    private static final int PARTITIONS = 6;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int instances = Integer.getInteger("bench.instances", 1);
        int threads = Integer.getInteger("bench.threads", 1);
        int nodes = Integer.getInteger("bench.nodes", 1);
        int events = Integer.getInteger("bench.events", 6000);
        int standbys = Integer.getInteger("bench.standbys", 0);
        Path models = dir.resolve("models");
        TestModels.publishUntrained(models, "bench-model");
        TestRun run = new TestRun("scale-" + UUID.randomUUID().toString().substring(0, 8));
        Topics topics = run.topics();
        try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("cluster"), nodes)) {
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topics.images(), PARTITIONS, (short) Math.min(3, nodes))))
                        .all()
                        .get();
            }
            preload(bootstrap, topics.images(), events);
            List<Process> apps = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < instances; i++) {
                    Map<String, String> env = StreamAppConfig.builder()
                            .bootstrapServers(bootstrap)
                            .applicationId(run.applicationId())
                            .topics(topics)
                            .modelRegistry(models)
                            .metricsPort(0)
                            .stateDir(dir.resolve("state-" + i))
                            .inputPartitions(PARTITIONS)
                            .streamThreads(threads)
                            .standbyReplicas(standbys)
                            .monitorEnabled(false)
                            .environment();
                    apps.add(JavaProcess.launch(
                            StreamApp.class.getName(), env, dir.resolve("app-" + i + ".log"), "-Xmx768m"));
                }
                Span span = follow(bootstrap, topics.predictions(), events, apps, start);
                double steady = (span.toCount - span.fromCount) / span.seconds();
                double busyCores = span.cpuSeconds / span.seconds();
                System.out.printf(
                        Locale.ROOT,
                        "SCALE-BENCH {\"instances\": %d, \"threads\": %d, \"nodes\": %d, \"standbys\": %d, \"events\": %d, "
                                + "\"first_prediction_s\": %.1f, \"steady_per_second\": %.1f, \"app_busy_cores\": %.2f, "
                                + "\"cpu_ms_per_prediction\": %.2f}%n",
                        instances,
                        threads,
                        nodes,
                        standbys,
                        events,
                        (span.firstNanos - start) / 1e9,
                        steady,
                        busyCores,
                        1000 * span.cpuSeconds / (span.toCount - span.fromCount));
            } finally {
                for (Process app : apps) {
                    app.destroy();
                }
                for (Process app : apps) {
                    app.waitFor(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** {@code events} raw-image events ev-0.. with their event-id header, acknowledged by all in-sync replicas. */
    static void preload(String bootstrap, String topic, int events) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(RawImageHeaders.EVENT_ID, ("ev-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(
                        topic, null, ("ev-" + i).getBytes(StandardCharsets.UTF_8), Images.png(i), headers));
            }
            producer.flush();
        }
    }

    private record Span(long firstNanos, long fromNanos, long toNanos, int fromCount, int toCount, double cpuSeconds) {
        double seconds() {
            return (toNanos - fromNanos) / 1e9;
        }
    }

    /** Reads committed predictions until all are there, marking the 20% and 90% points and the instances' CPU time. */
    private static Span follow(String bootstrap, String topic, int events, List<Process> apps, long start) {
        int from = events / 5;
        int to = events * 9 / 10;
        long first = 0;
        long fromNanos = 0;
        long toNanos = 0;
        double cpuFrom = 0;
        double cpuTo = 0;
        int fromCount = 0;
        int toCount = 0;
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "scale-reader-" + UUID.randomUUID(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        "1000"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = start + TimeUnit.MINUTES.toNanos(15);
            while (toCount == 0 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(Topics.predictionSerde()
                            .decode(r.value())
                            .getEventId()
                            .toString());
                }
                long now = System.nanoTime();
                if (first == 0 && !seen.isEmpty()) {
                    first = now;
                }
                if (fromNanos == 0 && seen.size() >= from) {
                    fromNanos = now;
                    fromCount = seen.size();
                    cpuFrom = cpuSeconds(apps);
                }
                if (fromNanos != 0 && seen.size() >= to) {
                    toNanos = now;
                    toCount = seen.size();
                    cpuTo = cpuSeconds(apps);
                }
            }
        }
        if (toCount == 0) {
            throw new IllegalStateException("only " + seen.size() + " of " + events + " predictions within 15 minutes");
        }
        return new Span(first, fromNanos, toNanos, fromCount, toCount, cpuTo - cpuFrom);
    }

    private static double cpuSeconds(List<Process> apps) {
        return apps.stream()
                .mapToDouble(p -> p.toHandle()
                        .info()
                        .totalCpuDuration()
                        .map(d -> d.toNanos() / 1e9)
                        .orElse(0.0))
                .sum();
    }
}
