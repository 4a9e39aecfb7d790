package io.emotionstream.streamapp.errors;

import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Shapes a dead letter before it is sent: what it keeps of its record ({@link DeadLetterValues}), and that it fits its
 * topic. By default it keeps only the {@code dlq.*} headers and the value's SHA-256 and size ({@code dlq.value.sha256},
 * {@code dlq.value.size}); the {@code dlq.topic/partition/offset} headers point at the original.
 *
 * <p>Keeping values, the size matters: a record the broker refuses for its size does not just fail, under exactly-once
 * it puts the whole transaction in an error state, the client stops, and the same input fails again on restart. So
 * the size is checked here, before sending, against the dead-letter topic's {@code max.message.bytes} (read at
 * start-up): a value that does not fit is replaced by its SHA-256 and size; if the original headers still do not fit,
 * only the {@code dlq.*} ones are kept and {@code dlq.headers.dropped} says how many went.
 *
 * @param maxRecordBytes the dead-letter topic's {@code max.message.bytes}
 */
public record DeadLetterFit(int maxRecordBytes, DeadLetterValues values) {
    /** Room for the record batch and record framing: Kafka's overhead is ~60 + ~20 bytes, varints included. */
    static final int FRAMING_BYTES = 512;

    /** A dead letter's value and headers, as they will be sent. */
    public record Fitted(byte[] value, Headers headers) {}

    public Fitted fit(byte[] key, byte[] value, Headers headers) {
        return switch (values) {
            case DIGEST -> digest(value, headers);
            case KEEP -> keep(key, value, headers);
        };
    }

    private static Fitted digest(byte[] value, Headers headers) {
        Headers ours = onlyOurs(headers);
        pointTo(value, ours);
        return new Fitted(null, ours);
    }

    private Fitted keep(byte[] key, byte[] value, Headers headers) {
        if (size(key, value, headers) <= maxRecordBytes) {
            return new Fitted(value, headers);
        }
        Headers pointed = new RecordHeaders(headers.toArray());
        pointTo(value, pointed);
        if (size(key, null, pointed) <= maxRecordBytes) {
            return new Fitted(null, pointed);
        }
        return new Fitted(null, onlyOurs(pointed));
    }

    /** The {@code dlq.*} headers, and how many others there were ({@code dlq.headers.dropped}, when any). */
    private static Headers onlyOurs(Headers headers) {
        Headers ours = new RecordHeaders();
        int dropped = 0;
        for (Header h : headers) {
            if (h.key().startsWith("dlq.")) {
                ours.add(h);
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            DeadLetterHeaders.put(ours, DeadLetterHeaders.HEADERS_DROPPED, Integer.toString(dropped));
        }
        return ours;
    }

    /** An upper estimate of the record's size on the wire. */
    static long size(byte[] key, byte[] value, Headers headers) {
        long size = FRAMING_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            size += 10 + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    /** Adds the SHA-256 and size of a value that is not sent ({@code dlq.value.sha256}, {@code dlq.value.size}). */
    public static void pointTo(byte[] value, Headers headers) {
        if (value != null) {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.VALUE_SHA256, Sha256.of(value));
            DeadLetterHeaders.put(headers, DeadLetterHeaders.VALUE_SIZE, Integer.toString(value.length));
        }
    }
}
