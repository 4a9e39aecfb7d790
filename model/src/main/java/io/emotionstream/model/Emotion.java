package io.emotionstream.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The six classes of the seed experiment, in the network's output order. Trainer and stream-app both rely on this
 * order: index {@code i} of a probability vector is {@code Emotion.values()[i]}.
 */
public enum Emotion {
    ANGER, DISGUST, FEAR, HAPPINESS, SADNESS, SURPRISE;

    public static final int COUNT = values().length;

    /** Spellings found in public datasets (CK+ folders, JAFFE codes, FER2013 names) mapped to our labels. */
    private static final Map<String, Emotion> ALIASES = Map.ofEntries(
            Map.entry("anger", ANGER), Map.entry("angry", ANGER), Map.entry("an", ANGER),
            Map.entry("disgust", DISGUST), Map.entry("disgusted", DISGUST), Map.entry("di", DISGUST),
            Map.entry("fear", FEAR), Map.entry("fearful", FEAR), Map.entry("afraid", FEAR), Map.entry("fe", FEAR),
            Map.entry("happiness", HAPPINESS), Map.entry("happy", HAPPINESS), Map.entry("ha", HAPPINESS),
            Map.entry("sadness", SADNESS), Map.entry("sad", SADNESS), Map.entry("sa", SADNESS),
            Map.entry("surprise", SURPRISE), Map.entry("surprised", SURPRISE), Map.entry("su", SURPRISE));

    /** Lower-case name used in files, reports and (later) on the wire. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Resolves a dataset spelling ("happy", "HA", "Surprised") to a class, or empty if it is not one of the six. */
    public static Optional<Emotion> fromAlias(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(text.trim().toLowerCase(Locale.ROOT)));
    }

    /** The class with the highest probability in a network output row (first one on ties). */
    public static Emotion mostProbable(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return values()[best];
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Emotion::label).toList();
    }
}
