package io.emotionstream.datasets;

import io.emotionstream.schemas.Emotion;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a dataset's label spelling into a class. Contempt, which the seed experiment dropped and no model here has, is
 * always excluded; neutral is {@link Emotion#NEUTRAL} when the dataset is loaded with {@link ClassSet#SEVEN} and
 * excluded otherwise; any other label is an error, so a typo never becomes a silently shrunken dataset.
 */
final class Labels {
    static final Set<String> NEUTRAL = Set.of("neutral", "ne");
    static final Set<String> EXCLUDED = Set.of("contempt");

    private Labels() {}

    /** Empty for an excluded label; the class otherwise; an exception for a label we do not know. */
    static Optional<Emotion> resolve(String raw, String where, ClassSet classes) {
        String label = raw.trim().toLowerCase(Locale.ROOT);
        if (NEUTRAL.contains(label)) {
            return classes.contains(Emotion.NEUTRAL) ? Optional.of(Emotion.NEUTRAL) : Optional.empty();
        }
        if (EXCLUDED.contains(label)) {
            return Optional.empty();
        }
        return Optional.of(Emotion.fromAlias(label)
                .orElseThrow(() -> new DatasetException("unknown label '" + raw + "' in " + where + " (expected one of "
                        + Emotion.labels() + ", neutral (kept only for seven-class models) or contempt (dropped))")));
    }
}
