package io.emotionstream.schemas;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The classes a model may name: the six emotions of the seed experiment and, for seven-class models only,
 * {@link #NEUTRAL}. A probability vector is indexed by ordinal: index {@code i} is {@code Emotion.values()[i]}, so a
 * six-class row is {@link #SIX} and a seven-class row ends in neutral. Trainer and stream-app both rely on this order.
 */
public enum Emotion {
    ANGER,
    DISGUST,
    FEAR,
    HAPPINESS,
    SADNESS,
    SURPRISE,
    /**
     * No emotion shown: most faces of a real camera stream. Only a seven-class model has it (trained on data loaded
     * with its neutral faces, or imported); the seed CNN has the six. Predictions and labels may carry it, and the
     * monitor scores it. Last, so the six keep their ordinals in persisted state.
     */
    NEUTRAL;

    /** The seed experiment's six classes in the seed network's output order: every class but {@link #NEUTRAL}. */
    public static final List<Emotion> SIX = List.of(ANGER, DISGUST, FEAR, HAPPINESS, SADNESS, SURPRISE);
    /** Every class, neutral last: a seven-class model's. */
    public static final List<Emotion> SEVEN = List.of(values());
    /** How many {@link #SIX} there are: the seed network's outputs. */
    public static final int SIX_COUNT = SIX.size();

    /** Spellings found in public datasets (CK+ folders, JAFFE codes, FER2013 names) mapped to our labels. */
    private static final Map<String, Emotion> ALIASES = Map.ofEntries(
            Map.entry("anger", ANGER),
            Map.entry("angry", ANGER),
            Map.entry("an", ANGER),
            Map.entry("disgust", DISGUST),
            Map.entry("disgusted", DISGUST),
            Map.entry("di", DISGUST),
            Map.entry("fear", FEAR),
            Map.entry("fearful", FEAR),
            Map.entry("afraid", FEAR),
            Map.entry("fe", FEAR),
            Map.entry("happiness", HAPPINESS),
            Map.entry("happy", HAPPINESS),
            Map.entry("ha", HAPPINESS),
            Map.entry("sadness", SADNESS),
            Map.entry("sad", SADNESS),
            Map.entry("sa", SADNESS),
            Map.entry("surprise", SURPRISE),
            Map.entry("surprised", SURPRISE),
            Map.entry("su", SURPRISE));

    /** Spellings of {@link #NEUTRAL} a label may use ("NE" is JAFFE's code). */
    private static final Map<String, Emotion> NEUTRAL_ALIASES =
            Map.of("neutral", NEUTRAL, "ne", NEUTRAL, "none", NEUTRAL);

    /** Lower-case name used in files, reports and on the wire. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Resolves a dataset spelling ("happy", "HA", "Surprised") to one of the six, or empty if it is not one of them
     * (neutral included: a caller that takes neutral faces asks for {@link #NEUTRAL} by name).
     */
    public static Optional<Emotion> fromAlias(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(text.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * Resolves a label as a person or a stream gives it: any spelling {@link #fromAlias} takes, or neutral's
     * ("neutral", "NE"); empty for anything else. Labels on the wire are scored over all seven classes.
     */
    public static Optional<Emotion> fromLabel(String text) {
        return fromAlias(text)
                .or(() -> text == null
                        ? Optional.empty()
                        : Optional.ofNullable(NEUTRAL_ALIASES.get(text.trim().toLowerCase(Locale.ROOT))));
    }

    /** The class with the highest probability in a row of six or seven (first one on ties). */
    public static Emotion mostProbable(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return values()[best];
    }

    /** The six's labels, in order. */
    public static List<String> labels() {
        return SIX.stream().map(Emotion::label).toList();
    }
}
