package io.emotionstream.datasets;

import io.emotionstream.model.Emotion;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a dataset's label spelling into one of the six classes. Labels outside them that the seed experiment
 * deliberately dropped (neutral, contempt) are excluded; any other label is an error, so a typo never becomes a
 * silently shrunken dataset.
 */
final class Labels {
    static final Set<String> EXCLUDED = Set.of("neutral", "ne", "contempt");

    private Labels() {
    }

    /** Empty for an excluded label; the class otherwise; an exception for a label we do not know. */
    static Optional<Emotion> resolve(String raw, String where) {
        String label = raw.trim().toLowerCase(Locale.ROOT);
        if (EXCLUDED.contains(label)) {
            return Optional.empty();
        }
        return Optional.of(Emotion.fromAlias(label).orElseThrow(() -> new DatasetException(
                "unknown label '" + raw + "' in " + where + " (expected one of " + Emotion.labels()
                        + ", or neutral/contempt which are dropped)")));
    }
}
