package io.emotionstream.platform.events;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.ImageRejectedException;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.PurposeHeaders;
import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.registry.AvroCodec;
import io.emotionstream.schemas.registry.SchemaRegistryUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.SystemLimitException;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads an input record as a {@link FaceImageEvent}: Avro (single-object encoded, or in the Confluent wire format when
 * a schema registry is configured), or raw image bytes whose metadata travels in headers ({@link RawImageHeaders}), so
 * kcat or a camera can produce without Avro. Then runs the shared preprocessing. A registry that does not answer a
 * lookup is no fault of the record: it is refused as {@code schema_registry_unavailable}, bytes intact, to be replayed;
 * any other {@code SchemaRegistryException} (a broken answer) is left to the caller's error handling.
 */
public final class EventDecoder {
    private final AvroCodec<FaceImageEvent> codec;
    private final ImagePreprocessor preprocessor;
    private final EventLimits limits;

    /** Decoder with the default {@link EventLimits}, reading single-object encoded events and raw images. */
    public EventDecoder(ImagePreprocessor preprocessor) {
        this(preprocessor, EventLimits.DEFAULT);
    }

    public EventDecoder(ImagePreprocessor preprocessor, EventLimits limits) {
        this(preprocessor, limits, AvroCodec.singleObject(Topics.imageEventSerde(), FaceImageEvent.getClassSchema()));
    }

    /** @param codec the images topic's codec: with a schema registry it also reads registry-framed events */
    public EventDecoder(ImagePreprocessor preprocessor, EventLimits limits, AvroCodec<FaceImageEvent> codec) {
        this.preprocessor = preprocessor;
        this.limits = limits;
        this.codec = codec;
    }

    /** The bounds and the sources' declared purposes this decoder checks. */
    public EventLimits limits() {
        return limits;
    }

    /** Decodes without an event-time check: for offline readers (datasets, replays) where the clock means nothing. */
    public Decoded decode(byte[] value, Headers headers, long timestamp, String fallbackId) {
        return decode(value, headers, timestamp, fallbackId, preprocessor, OptionalLong.empty());
    }

    /**
     * Decodes one input record: the Avro or raw-image event, its metadata checked against the limits (and its event
     * time against {@code nowMs} when given), its source's purpose checked, the configured group values pseudonymised,
     * then the image prepared with {@code preprocessing}, e.g. the serving model's. Nothing a producer can write makes
     * this throw: every refusal is a {@link Decoded.Rejected}.
     */
    public Decoded decode(
            byte[] value,
            Headers headers,
            long timestamp,
            String fallbackId,
            ImagePreprocessor preprocessing,
            OptionalLong nowMs) {
        FaceImageEvent event;
        if (codec.claims(value)) {
            try {
                event = codec.decode(value);
            } catch (SerializationException e) {
                return new Decoded.Rejected(avroFailure(e), e.getMessage());
            } catch (SchemaRegistryUnavailableException e) {
                return new Decoded.Rejected(DeadLetterReason.SCHEMA_REGISTRY_UNAVAILABLE, e.getMessage());
            }
        } else {
            Optional<String> tooLarge = headerViolation(headers);
            if (tooLarge.isPresent()) {
                return new Decoded.Rejected(DeadLetterReason.METADATA_TOO_LARGE, tooLarge.get());
            }
            event = fromRawImage(value, headers, timestamp, fallbackId);
        }
        Optional<String> tooLarge = limits.metadataViolation(
                event.getEventId(), event.getSource(), event.getSubjectId(), event.getGroups());
        if (tooLarge.isPresent()) {
            return new Decoded.Rejected(DeadLetterReason.METADATA_TOO_LARGE, tooLarge.get());
        }
        if (nowMs.isPresent()) {
            Optional<String> badTime =
                    limits.eventTimeViolation(event.getEventTime().toEpochMilli(), nowMs.getAsLong());
            if (badTime.isPresent()) {
                return new Decoded.Rejected(DeadLetterReason.BAD_EVENT_TIME, badTime.get());
            }
        }
        Optional<SourcePurposes.Refusal> refused =
                limits.purposes().refusal(event.getSource(), header(headers, PurposeHeaders.CONTEXT));
        if (refused.isPresent()) {
            return new Decoded.Rejected(refused.get().reason(), refused.get().detail());
        }
        event.setGroups(limits.pseudonyms().apply(event.getGroups()));
        try {
            return new Decoded.Accepted(event, preprocessing.prepare(imageBytes(event)));
        } catch (ImageRejectedException e) {
            return new Decoded.Rejected(e.reason(), e.getMessage(), event);
        }
    }

    /** The dead-letter reason of an Avro decode failure on the images topic. */
    public static DeadLetterReason avroFailure(SerializationException e) {
        return avroFailure(e, DeadLetterReason.UNDECODABLE_AVRO);
    }

    /**
     * The dead-letter reason of an Avro decode failure: an unknown schema, a length past the limits, or else
     * {@code undecodable} (the topic's own reason, e.g. {@code undecodable_label}).
     */
    public static DeadLetterReason avroFailure(SerializationException e, DeadLetterReason undecodable) {
        if (e.getCause() instanceof MissingSchemaException) {
            return DeadLetterReason.UNKNOWN_SCHEMA;
        }
        return e.getCause() instanceof SystemLimitException ? DeadLetterReason.AVRO_LIMIT_EXCEEDED : undecodable;
    }

    /**
     * The raw-image path builds its metadata from headers: too many group headers is refused before a map is built
     * (strings are checked with the event, as for Avro). A header value is at most the record's size.
     */
    private Optional<String> headerViolation(Headers headers) {
        int groups = 0;
        for (Header h : headers) {
            if (h.key().startsWith(RawImageHeaders.GROUP_PREFIX) && ++groups > limits.maxGroups()) {
                return Optional.of("more than " + limits.maxGroups() + " group headers");
            }
        }
        return Optional.empty();
    }

    public static byte[] imageBytes(FaceImageEvent event) {
        byte[] image = new byte[event.getImage().remaining()];
        event.getImage().duplicate().get(image);
        return image;
    }

    private static FaceImageEvent fromRawImage(byte[] value, Headers headers, long timestamp, String fallbackId) {
        Map<String, String> groups = new HashMap<>();
        for (Header h : headers) {
            if (h.key().startsWith(RawImageHeaders.GROUP_PREFIX) && h.value() != null) {
                groups.put(
                        h.key().substring(RawImageHeaders.GROUP_PREFIX.length()),
                        new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        String label = header(headers, RawImageHeaders.LABEL);
        return FaceImageEvent.newBuilder()
                .setEventId(orDefault(header(headers, RawImageHeaders.EVENT_ID), fallbackId))
                .setEventTime(Instant.ofEpochMilli(timestamp))
                .setSource(orDefault(header(headers, RawImageHeaders.SOURCE), "raw"))
                .setImage(ByteBuffer.wrap(value == null ? new byte[0] : value))
                .setImageFormat(ImageFormat.UNKNOWN)
                .setSubjectId(header(headers, RawImageHeaders.SUBJECT_ID))
                .setLabel(label == null ? null : parseLabel(label))
                .setGroups(groups)
                .build();
    }

    private static EmotionLabel parseLabel(String text) {
        return Emotion.fromLabel(text).map(e -> EmotionLabel.valueOf(e.name())).orElse(EmotionLabel.UNKNOWN);
    }

    private static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8).trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty()
                ? fallback
                : value.toLowerCase(Locale.ROOT).equals("null") ? fallback : value;
    }
}
