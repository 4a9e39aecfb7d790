package io.emotionstream.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a dead letter, the contract of the dead-letter topic: the original ones plus why and where it came
 * from. The detail is cut to {@link #MAX_DETAIL_CHARS}: it may quote input, and a dead letter must fit wherever its
 * original fitted.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";
    /** processing_failed: the exception's class and the processor node it was thrown in. */
    public static final String EXCEPTION = "dlq.exception";

    public static final String NODE = "dlq.node";
    /** When the value could not be kept (too large to write again): its SHA-256 and size, to find the original. */
    public static final String VALUE_SHA256 = "dlq.value.sha256";

    public static final String VALUE_SIZE = "dlq.value.size";
    /** When even the original headers did not fit: how many were dropped (only the {@code dlq.*} ones are kept). */
    public static final String HEADERS_DROPPED = "dlq.headers.dropped";

    public static final int MAX_DETAIL_CHARS = 500;

    private DeadLetterHeaders() {}

    /** The original headers plus the reason and its detail (shortened); the origin is the caller's to add. */
    public static Headers of(Headers original, DeadLetterCause reason, String detail) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, REASON, reason.code());
        put(headers, DETAIL, shorten(detail));
        return headers;
    }

    /**
     * The headers of a {@code processing_failed} dead letter: the original ones plus the reason, the exception (class
     * and message, shortened) and the processor node that threw. The origin is the caller's to add, when it has one.
     */
    public static Headers processingFailed(Headers original, Throwable e, String node) {
        Headers headers =
                of(original, DeadLetterReason.PROCESSING_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        put(headers, EXCEPTION, e.getClass().getName());
        put(headers, NODE, node);
        return headers;
    }

    /** Where the original record is; nothing when the failure did not come from an input record (a punctuation). */
    public static void origin(Headers headers, String topic, int partition, long offset) {
        if (topic != null) {
            put(headers, TOPIC, topic);
            put(headers, PARTITION, Integer.toString(partition));
            put(headers, OFFSET, Long.toString(offset));
        }
    }

    public static String shorten(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS - 3) + "...";
    }

    public static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
