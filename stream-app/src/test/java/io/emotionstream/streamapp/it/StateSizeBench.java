package io.emotionstream.streamapp.it;

import io.emotionstream.broker.EmbeddedKafka;
import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.TestRun;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark, not a test (bench/state-size.sh runs it): what the bias monitor's state costs per prediction, the
 * number behind "state store size per hour of label horizon" in deploy/README.md. One app with the monitor on an
 * embedded broker classifies {@code -Dbench.events} events of two groups with no label (each prediction waits in
 * {@code awaiting-labels}), then their labels arrive (each is scored, leaves {@code awaiting-labels} and is held in
 * {@code held-labels} for the horizon). After each phase, every changelog's live keys and bytes (key + value, as
 * the changelog holds them; RocksDB's own overhead on disk comes on top) are printed as one JSON line tagged
 * STATE-BENCH.
 */
class StateSizeBench {
    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int events = Integer.getInteger("bench.events", 4000);
        Path models = dir.resolve("models");
        TestModels.publishUntrained(models, "state-model");
        TestRun run = new TestRun("state-" + UUID.randomUUID().toString().substring(0, 8));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            StreamAppConfig config = StreamAppConfig.builder()
                    .bootstrapServers(kafka.bootstrapServers())
                    .applicationId(run.applicationId())
                    .topics(run.topics())
                    .modelRegistry(models)
                    .metricsPort(0)
                    .stateDir(dir.resolve("state"))
                    .monitorAttributes(List.of("ethnicity"))
                    .build();
            try (StreamApp app = StreamApp.start(config);
                    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                            new ByteArraySerializer(),
                            new ByteArraySerializer())) {
                for (int i = 0; i < events; i++) {
                    producer.send(new ProducerRecord<>(
                            config.topics().images(),
                            id(i).getBytes(StandardCharsets.UTF_8),
                            Topics.imageEventSerde().encode(event(i))));
                }
                producer.flush();
                Committed.readPredictions(
                        kafka.bootstrapServers(), config.topics().predictions(), events, Duration.ofMinutes(5));
                report("waiting", awaitLive(kafka.bootstrapServers(), run, "awaiting-labels", events), events);

                for (int i = 0; i < events; i++) {
                    producer.send(new ProducerRecord<>(
                            config.topics().labels(),
                            id(i).getBytes(StandardCharsets.UTF_8),
                            Topics.labelSerde()
                                    .encode(new GroundTruthLabel(id(i), "happiness", Instant.now(), "bench"))));
                }
                producer.flush();
                report("labelled", awaitLive(kafka.bootstrapServers(), run, "held-labels", events), events);
            }
        }
    }

    private static String id(int i) {
        return "st-" + i;
    }

    private static FaceImageEvent event(int i) {
        return FaceImageEvent.newBuilder()
                .setEventId(id(i))
                .setEventTime(Instant.now())
                .setSource("bench")
                .setImage(ByteBuffer.wrap(Images.png(i % 256)))
                .setImageFormat(ImageFormat.PNG)
                .setSubjectId("subject-" + (i % 50))
                .setLabel((EmotionLabel) null)
                .setGroups(Map.of("ethnicity", i % 2 == 0 ? "group_a" : "group_b"))
                .build();
    }

    private static void report(String phase, Map<String, long[]> changelogs, int events) {
        String stores = changelogs.entrySet().stream()
                .map(e -> String.format(
                        Locale.ROOT,
                        "\"%s\": {\"live_keys\": %d, \"bytes\": %d}",
                        e.getKey(),
                        e.getValue()[0],
                        e.getValue()[1]))
                .collect(Collectors.joining(", "));
        System.out.printf(
                Locale.ROOT,
                "STATE-BENCH {\"phase\": \"%s\", \"events\": %d, \"stores\": {%s}}%n",
                phase,
                events,
                stores);
    }

    /** Reads the changelogs until {@code store}'s has {@code live} keys (3 minutes at most); returns them all. */
    private static Map<String, long[]> awaitLive(String bootstrap, TestRun run, String store, int live)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, long[]> sizes;
        do {
            sizes = changelogs(bootstrap, run);
            long[] target = sizes.get(store);
            if (target != null && target[0] >= live) {
                return sizes;
            }
            Thread.sleep(
                    2000); // the changelog fills at each commit; re-reading it is the measurement, not a wait for a
            // result
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException(store + " never held " + live + " keys: " + sizes.keySet());
    }

    /** Store name (the changelog topic's, without the application id and suffix) to {live keys, key + value bytes}. */
    private static Map<String, long[]> changelogs(String bootstrap, TestRun run) throws Exception {
        List<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            topics = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(run.applicationId()) && t.endsWith("-changelog"))
                    .sorted()
                    .toList();
        }
        Map<String, long[]> sizes = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        8 << 20),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Map<String, Integer> live = new HashMap<>();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        String key =
                                r.partition() + "/" + java.util.HexFormat.of().formatHex(r.key());
                        if (r.value() == null) {
                            live.remove(key);
                        } else {
                            live.put(key, r.key().length + r.value().length);
                        }
                    }
                }
                String store = topic.substring(0, topic.length() - "-changelog".length())
                        .replaceFirst("^" + java.util.regex.Pattern.quote(run.applicationId()) + "(-monitor)?-", "");
                sizes.put(store, new long[] {
                    live.size(),
                    live.values().stream().mapToLong(Integer::longValue).sum()
                });
            }
        }
        return sizes;
    }
}
