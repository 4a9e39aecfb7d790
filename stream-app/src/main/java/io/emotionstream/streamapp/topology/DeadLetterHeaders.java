package io.emotionstream.streamapp.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers of a dead letter: the original ones plus why and where it came from. */
public final class DeadLetterHeaders {
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";

    private DeadLetterHeaders() {
    }

    public static Headers of(Headers original, String reason, String detail, Optional<RecordMetadata> origin) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, REASON, reason);
        put(headers, DETAIL, detail == null ? "" : detail);
        origin.ifPresent(m -> {
            put(headers, TOPIC, m.topic());
            put(headers, PARTITION, Integer.toString(m.partition()));
            put(headers, OFFSET, Long.toString(m.offset()));
        });
        return headers;
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
