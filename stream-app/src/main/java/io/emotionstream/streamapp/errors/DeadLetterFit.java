package io.emotionstream.streamapp.errors;

import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Makes a dead letter fit its topic. A record the broker refuses for its size does not just fail: under exactly-once
 * it puts the whole transaction in an error state, the client stops, and the same input fails again on restart. So
 * the size is checked here, before sending, against the dead-letter topic's {@code max.message.bytes} (read at
 * start-up): a value that does not fit is replaced by its SHA-256 and size ({@code dlq.value.sha256},
 * {@code dlq.value.size}); if the original headers still do not fit, only the {@code dlq.*} ones are kept and
 * {@code dlq.headers.dropped} says how many went. The {@code dlq.topic/partition/offset} headers point at the original.
 */
public final class DeadLetterFit {
    /** Room for the record batch and record framing: Kafka's overhead is ~60 + ~20 bytes, varints included. */
    static final int FRAMING_BYTES = 512;

    private DeadLetterFit() {}

    /** A dead letter's value and headers, as they will be sent. */
    public record Fitted(byte[] value, Headers headers) {}

    public static Fitted fit(byte[] key, byte[] value, Headers headers, int maxRecordBytes) {
        if (size(key, value, headers) <= maxRecordBytes) {
            return new Fitted(value, headers);
        }
        Headers pointed = new RecordHeaders(headers.toArray());
        pointTo(value, pointed);
        if (size(key, null, pointed) <= maxRecordBytes) {
            return new Fitted(null, pointed);
        }
        Headers ours = new RecordHeaders();
        int dropped = 0;
        for (Header h : pointed) {
            if (h.key().startsWith("dlq.")) {
                ours.add(h);
            } else {
                dropped++;
            }
        }
        DeadLetterHeaders.put(ours, DeadLetterHeaders.HEADERS_DROPPED, Integer.toString(dropped));
        return new Fitted(null, ours);
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
