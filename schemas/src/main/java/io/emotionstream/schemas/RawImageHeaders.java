package io.emotionstream.schemas;

/**
 * The header names that carry an event's metadata when its value is raw image bytes instead of an Avro event (what
 * kcat or a camera can produce): the one place the decoder and every producer of ours spell them.
 */
public final class RawImageHeaders {
    public static final String EVENT_ID = "event-id";
    public static final String SOURCE = "source";
    public static final String LABEL = "label";
    public static final String SUBJECT_ID = "subject-id";
    /** {@code group.<attribute>}: one header per group attribute. */
    public static final String GROUP_PREFIX = "group.";

    private RawImageHeaders() {}
}
