package io.emotionstream.model.event;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.ImageRejectedException;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads an input record as a {@link FaceImageEvent}: either Avro single-object encoded, or raw image bytes whose
 * metadata travels in headers ({@code event-id}, {@code source}, {@code label}, {@code subject-id},
 * {@code group.<attribute>}), so kcat or a camera can produce without Avro. Then runs the shared preprocessing.
 */
public final class EventDecoder {
    public static final String UNDECODABLE_AVRO = "undecodable_avro";
    public static final String UNKNOWN_SCHEMA = "unknown_schema";
    public static final String GROUP_HEADER_PREFIX = "group.";

    private final AvroSingleObjectSerde<FaceImageEvent> serde = Topics.imageEventSerde();
    private final ImagePreprocessor preprocessor;

    public EventDecoder(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    public Decoded decode(byte[] value, Headers headers, long timestamp, String fallbackId) {
        return decode(value, headers, timestamp, fallbackId, preprocessor);
    }

    /** As {@link #decode(byte[], Headers, long, String)} with another preprocessing, e.g. the serving model's. */
    public Decoded decode(byte[] value, Headers headers, long timestamp, String fallbackId, ImagePreprocessor preprocessing) {
        FaceImageEvent event;
        if (AvroSingleObjectSerde.hasMarker(value)) {
            try {
                event = serde.decode(value);
            } catch (SerializationException e) {
                boolean unknown = e.getCause() instanceof MissingSchemaException;
                return new Decoded.Rejected(unknown ? UNKNOWN_SCHEMA : UNDECODABLE_AVRO, e.getMessage());
            }
        } else {
            event = fromRawImage(value, headers, timestamp, fallbackId);
        }
        try {
            return new Decoded.Accepted(event, preprocessing.prepare(imageBytes(event)));
        } catch (ImageRejectedException e) {
            return new Decoded.Rejected(e.reason().code(), e.getMessage(), event);
        }
    }

    public static byte[] imageBytes(FaceImageEvent event) {
        byte[] image = new byte[event.getImage().remaining()];
        event.getImage().duplicate().get(image);
        return image;
    }

    private static FaceImageEvent fromRawImage(byte[] value, Headers headers, long timestamp, String fallbackId) {
        Map<String, String> groups = new HashMap<>();
        for (Header h : headers) {
            if (h.key().startsWith(GROUP_HEADER_PREFIX) && h.value() != null) {
                groups.put(h.key().substring(GROUP_HEADER_PREFIX.length()), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        String label = header(headers, "label");
        return FaceImageEvent.newBuilder()
                .setEventId(orDefault(header(headers, "event-id"), fallbackId))
                .setEventTime(java.time.Instant.ofEpochMilli(timestamp))
                .setSource(orDefault(header(headers, "source"), "raw"))
                .setImage(ByteBuffer.wrap(value == null ? new byte[0] : value))
                .setImageFormat(ImageFormat.UNKNOWN)
                .setSubjectId(header(headers, "subject-id"))
                .setLabel(label == null ? null : parseLabel(label))
                .setGroups(groups)
                .build();
    }

    private static EmotionLabel parseLabel(String text) {
        return io.emotionstream.model.Emotion.fromAlias(text)
                .map(e -> EmotionLabel.valueOf(e.name()))
                .orElse(EmotionLabel.UNKNOWN);
    }

    private static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8).trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value.toLowerCase(Locale.ROOT).equals("null") ? fallback : value;
    }
}
