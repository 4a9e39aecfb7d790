package io.emotionstream.model.violation;

import org.apache.kafka.common.header.Headers;

/** A deliberate violation for ArchitectureTest: the ML core reading Kafka headers. Test code, never shipped. */
public final class KafkaInTheMlCore {
    public int count(Headers headers) {
        return headers.toArray().length;
    }
}
