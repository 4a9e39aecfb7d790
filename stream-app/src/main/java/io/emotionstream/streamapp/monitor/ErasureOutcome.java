package io.emotionstream.streamapp.monitor;

import java.util.Locale;

/** What an erasure request found; the {@link #code()} is the {@code outcome} tag of {@code emotion_erasures}. */
public enum ErasureOutcome {
    /** The join held the event (predictions waiting, a label, a half pair) and deleted it. */
    ERASED,
    /** The join held nothing of the event (scored and released already, expired, or never seen). */
    NOTHING_HELD;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
