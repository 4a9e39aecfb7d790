package io.emotionstream.model.event;

import io.emotionstream.schemas.events.FaceImageEvent;

/** Outcome of decoding one input record: expected bad input is a value, not an exception. */
public sealed interface Decoded {
    /** A valid event and its preprocessed tensor. */
    record Accepted(FaceImageEvent event, float[] tensor) implements Decoded {
    }

    /** Why the record goes to the dead-letter topic; {@code reason} is a stable code, e.g. "truncated". */
    record Rejected(String reason, String detail) implements Decoded {
    }
}
