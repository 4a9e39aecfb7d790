package io.emotionstream.streamapp.topology;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether the public predictions topics carry the event's subject id and groups (setting
 * {@code predictions.demographics}). Every consumer of those topics would otherwise learn a person's demographics;
 * the bias monitor, the one part of the system that needs them, gets them through its own feed either way.
 */
public enum PublishedDemographics {
    /** Groups and subject id are left out; the prediction says so ({@code demographics: WITHHELD}). */
    WITHHELD,
    /** Copied from the event, as before this setting existed: for consumers that need them and may hold them. */
    INCLUDED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PublishedDemographics parse(String text) {
        String code = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(v -> v.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of "
                        + Arrays.stream(values())
                                .map(PublishedDemographics::code)
                                .collect(Collectors.joining(", "))));
    }
}
