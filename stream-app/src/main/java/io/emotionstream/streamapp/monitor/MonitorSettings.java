package io.emotionstream.streamapp.monitor;

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
 * @param gapThreshold    an accuracy gap at or above this, when significant, raises an alert
 * @param alpha           significance level of the two-proportion test, and 1 - the level of the anytime-valid
 *                        intervals ({@link #anytime()})
 * @param labelHorizon    how long predictions wait for a label (and labels for a prediction)
 * @param windows         windows to aggregate over, besides the cumulative figures
 * @param grace           how late (event time) a scored event may still enter its window
 * @param alertWindow     which window kind's gaps raise and resolve alerts
 */
public record MonitorSettings(Set<String> attributes, int maxGroups, int minSamples, double gapThreshold, double alpha,
                              Duration labelHorizon, List<WindowSpec> windows, Duration grace, WindowKind alertWindow) {

    /** A tumbling (advance = size) or hopping window. */
    public record WindowSpec(WindowKind kind, Duration size, Duration advance) {
        public WindowSpec {
            if (kind == WindowKind.CUMULATIVE || size.isZero() || size.isNegative() || advance.isZero()
                    || advance.isNegative() || advance.compareTo(size) > 0) {
                throw new IllegalArgumentException("a window needs 0 < advance <= size: " + kind + " " + size + "/" + advance);
            }
        }
    }

    public static final MonitorSettings DEFAULT = new MonitorSettings(
            Set.of("dataset", "ethnicity", "gender", "age_band", "source"), 20, 30, 0.10, 0.05, Duration.ofHours(24),
            List.of(new WindowSpec(WindowKind.TUMBLING, Duration.ofMinutes(5), Duration.ofMinutes(5)),
                    new WindowSpec(WindowKind.HOPPING, Duration.ofHours(1), Duration.ofMinutes(5))),
            Duration.ofMinutes(5), WindowKind.HOPPING);

    public MonitorSettings {
        attributes = Set.copyOf(attributes);
        windows = List.copyOf(windows);
        if (maxGroups < 2 || minSamples < 1 || gapThreshold <= 0 || gapThreshold > 1 || alpha <= 0 || alpha >= 1) {
            throw new IllegalArgumentException("monitor: need max groups >= 2, min samples >= 1, 0 < gap threshold <= 1, 0 < alpha < 1");
        }
        if (alertWindow != WindowKind.CUMULATIVE && windows.stream().noneMatch(w -> w.kind() == alertWindow)) {
            throw new IllegalArgumentException("monitor.alert.window=" + alertWindow + " but no such window is configured");
        }
    }

    /** The confidence sequence of a group's accuracy: level 1 - alpha, tightest where groups become sufficient. */
    public ConfidenceSequence anytime() {
        return ConfidenceSequence.tunedFor(alpha, minSamples);
    }
}
