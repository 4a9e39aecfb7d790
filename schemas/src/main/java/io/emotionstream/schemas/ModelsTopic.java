package io.emotionstream.schemas;

import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;

/**
 * How the models topic is laid out, shared by publishers (trainer) and followers (stream app) so both create it
 * the same way and size their clients for it.
 *
 * <p>One partition: releases and alias changes are read in the order they were written. Compacted: the latest
 * record per key survives (each release has its own key, so every version stays). Records carry the whole
 * network (~2.3 MB for the seed CNN), so the topic accepts up to {@link #MAX_RECORD_BYTES} per record and the
 * clients are sized to match; a bigger network needs these raised together (broker {@code message.max.bytes}
 * does not apply: the topic's {@code max.message.bytes} overrides it).
 */
public final class ModelsTopic {
    /** 16 MiB: seven times the seed CNN, room for a larger network or a saved updater. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    /** One record's value as read from the models topic: a release, an alias change, or neither. */
    public sealed interface Entry {
        record Release(ModelRelease release) implements Entry {}

        record Alias(ModelAliasChange change) implements Entry {}

        record Undecodable(String why) implements Entry {}
    }

    private ModelsTopic() {}

    /** Decodes a value of the models topic (anyone can write to it: anything may come). */
    public static Entry decode(byte[] value) {
        try {
            return new Entry.Release(Topics.releaseSerde().decode(value));
        } catch (SerializationException notARelease) {
            try {
                return new Entry.Alias(Topics.aliasSerde().decode(value));
            } catch (SerializationException notAnAlias) {
                return new Entry.Undecodable(
                        "neither a ModelRelease nor a ModelAliasChange: " + notARelease.getMessage());
            }
        }
    }

    public static NewTopic newTopic(String name) {
        return new NewTopic(name, Optional.of(1), Optional.empty())
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, "compact",
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES),
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000"));
    }

    /** Producer settings for sending releases. */
    public static Map<String, Object> producerSettings() {
        // no compression: model.zip is already deflated
        return Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                MAX_RECORD_BYTES + 65536,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
    }

    /** Consumer settings for following the topic. */
    public static Map<String, Object> consumerSettings() {
        return Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                MAX_RECORD_BYTES + 65536,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                MAX_RECORD_BYTES + 65536);
    }
}
