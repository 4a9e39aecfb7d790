package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.schemas.monitor.WindowKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How bias is measured.
 *
 * @param attributes      group attributes compared (allow-list; {@code source} means the event's source field)
 * @param maxGroups       named values kept per attribute (per scope and window, and per metric tag); later values
 *                        count as {@code other}
 * @param minSamples      groups with fewer scored events are reported as insufficient, never compared or alarmed on
 * @param gapTolerance    the gap between groups a FAIR verdict must be shown to stay under ({@link FairnessRules})
 * @param alpha           family-wise error of the sequential verdicts of one model version and role (at all times),
 *                        1 - the level of the anytime-valid intervals ({@link #anytime()}), and the significance level
 *                        of the windows' descriptive two-proportion test
 * @param labelHorizon    how long predictions wait for a label (and labels for a prediction)
 * @param windows         windows to aggregate over, besides the cumulative figures
 * @param grace           how late (event time) a scored event may still enter its window
 */
public record MonitorSettings(
        Set<String> attributes,
        int maxGroups,
        int minSamples,
        double gapTolerance,
        double alpha,
        Duration labelHorizon,
        List<WindowSpec> windows,
        Duration grace) {

    /** A tumbling (advance = size) or hopping window. */
    public record WindowSpec(WindowKind kind, Duration size, Duration advance) {
        public WindowSpec {
            if (kind == WindowKind.CUMULATIVE
                    || size.isZero()
                    || size.isNegative()
                    || advance.isZero()
                    || advance.isNegative()
                    || advance.compareTo(size) > 0) {
                throw new IllegalArgumentException(
                        "a window needs 0 < advance <= size: " + kind + " " + size + "/" + advance);
            }
        }
    }

    public static final MonitorSettings DEFAULT = new MonitorSettings(
            Set.of("dataset", "ethnicity", "gender", "age_band", "source"),
            20,
            30,
            0.10,
            0.05,
            Duration.ofHours(24),
            List.of(
                    new WindowSpec(WindowKind.TUMBLING, Duration.ofMinutes(5), Duration.ofMinutes(5)),
                    new WindowSpec(WindowKind.HOPPING, Duration.ofHours(1), Duration.ofMinutes(5))),
            Duration.ofMinutes(5));

    public MonitorSettings {
        attributes = Set.copyOf(attributes);
        windows = List.copyOf(windows);
        if (maxGroups < 2 || minSamples < 1 || gapTolerance <= 0 || gapTolerance > 1 || alpha <= 0 || alpha >= 1) {
            throw new IllegalArgumentException(
                    "monitor: need max groups >= 2, min samples >= 1, 0 < gap tolerance <= 1, 0 < alpha < 1");
        }
    }

    /** How the sequential verdicts decide. */
    public FairnessRules fairness() {
        return FairnessRules.of(this);
    }

    /** The confidence sequence of a group's accuracy: level 1 - alpha, tightest where groups become sufficient. */
    public ConfidenceSequence anytime() {
        return ConfidenceSequence.tunedFor(alpha, minSamples);
    }
}
