package io.emotionstream.schemas;

import java.util.Locale;

/**
 * Why a record that is not an image problem went to the dead-letter topic; image problems have their own
 * {@link io.emotionstream.model.preprocess.RejectReason}. The {@link #code()} is the {@code dlq.reason} header and
 * the {@code reason} tag of {@code emotion_dead_letters_total}: stable, part of the contract.
 */
public enum DeadLetterReason implements DeadLetterCause {
    /** Starts with the single-object marker but the body is not a valid record of the schema. */
    UNDECODABLE_AVRO,
    /** Single-object encoded with a schema fingerprint this app does not know. */
    UNKNOWN_SCHEMA,
    /** A length or count in the Avro body exceeds {@code AvroLimits}: refused before allocation. */
    AVRO_LIMIT_EXCEEDED,
    /** An id, source, subject, group key or value, or the number of groups exceeds {@link EventLimits}. */
    METADATA_TOO_LARGE,
    /** Event time further in the future, or further in the past, than {@link EventLimits} allow. */
    BAD_EVENT_TIME,
    /** A record on the labels topic that is not a readable GroundTruthLabel. */
    UNDECODABLE_LABEL,
    /** A record on a predictions topic (read by the bias monitor) that is not a readable EmotionPrediction. */
    UNDECODABLE_PREDICTION,
    /**
     * Registry-framed, with a writer schema id not yet fetched, while the schema registry did not answer: no fault of
     * the record, which can be replayed once the registry is back (from its position in the input topic, or from the
     * dead letter itself when dead letters keep values).
     */
    SCHEMA_REGISTRY_UNAVAILABLE,
    /**
     * From a source its operator declared in a workplace or education context, without a medical or safety exemption:
     * inferring emotions there is prohibited (EU AI Act Art. 5(1)(f)). Refused before the image is decoded.
     */
    PROHIBITED_CONTEXT,
    /**
     * The event's {@code deployment-context} header names no context, or another one than its source's settings
     * declare: a producer cannot talk its way out of the operator's declaration.
     */
    CONTEXT_MISMATCH,
    /**
     * A record on the erasures topic that is not an erasure request: no key (the event id to erase) or one past the
     * limits.
     */
    INVALID_ERASURE_REQUEST,
    /** Processing this record threw: a bug or an input no check foresaw. Logged with its stack, counted, alerted. */
    PROCESSING_FAILED;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
