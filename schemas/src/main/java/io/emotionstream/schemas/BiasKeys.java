package io.emotionstream.schemas;

import io.emotionstream.schemas.events.ModelRole;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys of the bias topics (README, "Bias monitoring"): written by the monitor, read by the retraining service,
 * the demo and users. Slash-separated, model first, so a consumer can filter by prefix:
 * <ul>
 *   <li>{@code accuracy/MODEL/VERSION/ROLE/WINDOW/START/ATTRIBUTE/GROUP} (GroupAccuracy, metrics topic)</li>
 *   <li>{@code gap/MODEL/VERSION/ROLE/WINDOW/START/ATTRIBUTE} (AccuracyGap, metrics topic)</li>
 *   <li>{@code verdict/MODEL/VERSION/ROLE/ATTRIBUTE} (FairnessVerdict, metrics topic)</li>
 *   <li>{@code comparison/MODEL/CHAMPION_VERSION/CHALLENGER_VERSION/ATTRIBUTE} (ChallengerComparison, metrics topic)</li>
 *   <li>{@code MODEL/VERSION/ROLE/ATTRIBUTE/WINDOW} (BiasAlert, alerts topic)</li>
 * </ul>
 * Model names cannot contain a slash (ModelRegistry's names); attributes and groups are the producers' and are
 * placed so that a slash in them cannot shift the fields before them.
 */
public final class BiasKeys {
    /** What a bias record is about: a model version in a role, and the group attribute whose groups are compared. */
    public record Subject(String model, int version, ModelRole role, String attribute) {
        String path() {
            return model + "/" + version + "/" + role.name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String COMPARISON = "comparison/";

    private BiasKeys() {}

    public static String accuracy(Subject subject, String window, long windowStartMs, String group) {
        return gapOrAccuracy("accuracy/", subject, window, windowStartMs) + "/" + group;
    }

    public static String gap(Subject subject, String window, long windowStartMs) {
        return gapOrAccuracy("gap/", subject, window, windowStartMs);
    }

    public static String verdict(Subject subject) {
        return "verdict/" + subject.path() + "/" + subject.attribute();
    }

    public static String comparison(String model, int championVersion, int challengerVersion, String attribute) {
        return COMPARISON + model + "/" + championVersion + "/" + challengerVersion + "/" + attribute;
    }

    /** The prefix of every comparison key of {@code model}. */
    public static String comparisonPrefix(String model) {
        return COMPARISON + model + "/";
    }

    /** The prefix of every comparison key of {@code model}'s champion and challenger versions. */
    public static String comparisonPrefix(String model, int championVersion, int challengerVersion) {
        return COMPARISON + model + "/" + championVersion + "/" + challengerVersion + "/";
    }

    public static String alert(Subject subject, String window) {
        return subject.path() + "/" + subject.attribute() + "/" + window;
    }

    /** The subject of an alert key; empty when {@code key} is not one. */
    public static Optional<Subject> alertSubject(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length < 5) {
            return Optional.empty();
        }
        try {
            String attribute = String.join("/", Arrays.copyOfRange(parts, 3, parts.length - 1));
            return Optional.of(new Subject(
                    parts[0],
                    Integer.parseInt(parts[1]),
                    ModelRole.valueOf(parts[2].toUpperCase(Locale.ROOT)),
                    attribute));
        } catch (IllegalArgumentException notAnAlertKey) {
            return Optional.empty();
        }
    }

    private static String gapOrAccuracy(String kind, Subject subject, String window, long windowStartMs) {
        return kind + subject.path() + "/" + window + "/" + windowStartMs + "/" + subject.attribute();
    }
}
