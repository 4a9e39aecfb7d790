package io.emotionstream.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as a read_committed consumer from the beginning, keeping every value in order and the latest value
 * per key (what a compacted consumer converges to). Call {@link #poll()} inside an Awaitility condition.
 */
public final class TopicFollower implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
    private final List<byte[]> values = new ArrayList<>();

    public TopicFollower(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "follow-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    public TopicFollower poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            values.add(r.value());
            if (r.key() != null) {
                latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
            }
        }
        return this;
    }

    public Map<String, byte[]> latest() {
        return latest;
    }

    public List<byte[]> values() {
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
