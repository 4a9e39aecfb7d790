package io.emotionstream.testkit;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what a read_committed consumer sees: the only view that counts under exactly-once. */
public final class Committed {
    private Committed() {}

    /** Reads until {@code expected} records arrived or the timeout passed, then a little longer to catch extras. */
    public static List<ConsumerRecord<byte[], byte[]>> readRaw(
            String bootstrap, String topic, int expected, Duration timeout) {
        Map<String, Object> props = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "verify-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            long grace = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < grace) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Predictions by event id; fails on a duplicate, which exactly-once forbids. */
    public static Map<String, EmotionPrediction> readPredictions(
            String bootstrap, String topic, int expected, Duration timeout) {
        Map<String, EmotionPrediction> byId = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readRaw(bootstrap, topic, expected, timeout)) {
            EmotionPrediction p = Topics.predictionSerde().decode(r.value());
            if (byId.put(p.getEventId(), p) != null) {
                throw new AssertionError("duplicate committed prediction for " + p.getEventId());
            }
        }
        return byId;
    }
}
