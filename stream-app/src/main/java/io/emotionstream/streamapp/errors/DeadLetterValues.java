package io.emotionstream.streamapp.errors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a dead letter keeps of the record it stands for (setting {@code dead.letter.values}). A refused image event is
 * a face, and a refused label names a person and their groups: by default neither is kept.
 */
public enum DeadLetterValues {
    /**
     * The reason, the origin (topic, partition, offset) and the value's SHA-256 and size; the value and the record's
     * own headers (which may carry a subject id or groups) are not kept, only counted ({@code dlq.headers.dropped}).
     */
    DIGEST,
    /** The value and headers as they came, within the topic's record limit: for replay, at the price of faces at rest. */
    KEEP;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeadLetterValues parse(String text) {
        String code = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(v -> v.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of "
                        + Arrays.stream(values()).map(DeadLetterValues::code).collect(Collectors.joining(", "))));
    }
}
