package io.emotionstream.schemas;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

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

    private ModelsTopic() {
    }

    public static NewTopic newTopic(String name) {
        return new NewTopic(name, Optional.of(1), Optional.empty()).configs(Map.of(
                "cleanup.policy", "compact",
                "max.message.bytes", Integer.toString(MAX_RECORD_BYTES),
                "min.compaction.lag.ms", "60000"));
    }

    /** Producer settings for sending releases. */
    public static Map<String, Object> producerSettings() {
        // no compression: model.zip is already deflated
        return Map.of("max.request.size", MAX_RECORD_BYTES + 65536, "acks", "all", "enable.idempotence", true);
    }

    /** Consumer settings for following the topic. */
    public static Map<String, Object> consumerSettings() {
        return Map.of("max.partition.fetch.bytes", MAX_RECORD_BYTES + 65536, "fetch.max.bytes", MAX_RECORD_BYTES + 65536);
    }
}
