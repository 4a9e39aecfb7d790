package io.emotionstream.streamapp.monitor;

import java.util.Locale;

/** What became of a ground-truth label; the {@link #code()} is the {@code outcome} tag of {@code emotion_labels}. */
public enum LabelOutcome {
    /** Carried inside its image event, scored with the prediction. */
    INLINE,
    /** Arrived on the labels topic and met its prediction. */
    JOINED,
    /** A second label for an event already scored: not counted again. */
    DUPLICATE,
    /** Arrived after its prediction's join window closed. */
    LATE,
    /** Waited for a prediction that never came within the window (late, or for an event never seen). */
    LATE_OR_UNKNOWN,
    /** Not one of the model's classes (e.g. contempt, unknown): nothing to score against. */
    UNSCORABLE,
    /** Not a readable label: dead-lettered. */
    UNDECODABLE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
