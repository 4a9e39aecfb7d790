package io.emotionstream.platform.events;

import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.schemas.DeadLetterCause;
import io.emotionstream.schemas.events.FaceImageEvent;

/** Outcome of decoding one input record: expected bad input is a value, not an exception. */
public sealed interface Decoded {
    /** A valid event, its preprocessed tensor and how the face was located for it. */
    record Accepted(FaceImageEvent event, Preprocessed prepared) implements Decoded {
        public float[] tensor() {
            return prepared.tensor();
        }
    }

    /**
     * Why the record goes to the dead-letter topic: the record's or its event's ({@code DeadLetterReason}) or the
     * image's ({@code RejectReason}, e.g. {@code TRUNCATED}). {@code event}
     * is the event when the record was one and only its image was refused (e.g. {@code no_face}), else null.
     */
    record Rejected(DeadLetterCause reason, String detail, FaceImageEvent event) implements Decoded {
        public Rejected(DeadLetterCause reason, String detail) {
            this(reason, detail, null);
        }
    }
}
