package io.emotionstream.model.preprocess.face;

import java.util.Locale;

/** What detection-mode preprocessing does with an image in which no face is found. A serving choice, not a model's. */
public enum NoFacePolicy {
    /** Refuse the image with reason {@code no_face} (a dead letter in the stream app, a skipped image in training). */
    REJECT,
    /** Resize the whole image as mode {@code none} does, and say so in the outcome. */
    WHOLE_IMAGE;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static NoFacePolicy parse(String text) {
        for (NoFacePolicy policy : values()) {
            if (policy.code().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown no-face policy '" + text + "' (expected reject or whole-image)");
    }
}
