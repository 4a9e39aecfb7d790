package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.fairness.sequential.Proportions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far apart the groups' values of one rate are, over the groups with at least {@code minSamples} samples of it:
 * the observed gap (max - min) and the bounds the groups' confidence sequences put on the true gap. Fairness is
 * shown when the upper bound is below the tolerance; fewer than two such groups show nothing.
 *
 * @param gapLow  {@code max(0, max lower - min upper)}: the true gap is at least this
 * @param gapHigh {@code max upper - min lower}: the true gap is at most this
 */
public record RateGap(
        List<String> sufficient, String lowest, String highest, Double gap, Double gapLow, Double gapHigh) {

    /** A group's successes and samples of some rate. */
    record Tally(long successes, long samples) {}

    static RateGap of(Rate rate, Map<String, ConfusionCounts> groups, FairnessRules rules) {
        return of(rate, groups, rules.fairnessSequence(), rules.minSamples());
    }

    static RateGap of(Rate rate, Map<String, ConfusionCounts> groups, ConfidenceSequence sequence, int minSamples) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        groups.forEach((group, counts) -> tallies.put(group, new Tally(rate.successes(counts), rate.samples(counts))));
        return of(tallies, sequence, minSamples);
    }

    static RateGap of(Map<String, Tally> groups, ConfidenceSequence sequence, int minSamples) {
        List<String> sufficient = new ArrayList<>();
        String lowest = null;
        String highest = null;
        double minValue = Double.POSITIVE_INFINITY;
        double maxValue = Double.NEGATIVE_INFINITY;
        double minLower = Double.POSITIVE_INFINITY;
        double maxLower = Double.NEGATIVE_INFINITY;
        double minUpper = Double.POSITIVE_INFINITY;
        double maxUpper = Double.NEGATIVE_INFINITY;
        for (var entry : groups.entrySet()) {
            long n = entry.getValue().samples();
            if (n < minSamples) {
                continue;
            }
            long successes = entry.getValue().successes();
            sufficient.add(entry.getKey());
            double value = (double) successes / n;
            if (value < minValue) {
                minValue = value;
                lowest = entry.getKey();
            }
            if (value > maxValue) {
                maxValue = value;
                highest = entry.getKey();
            }
            Proportions.Interval interval = sequence.interval(successes, n);
            minLower = Math.min(minLower, interval.low());
            maxLower = Math.max(maxLower, interval.low());
            minUpper = Math.min(minUpper, interval.high());
            maxUpper = Math.max(maxUpper, interval.high());
        }
        if (sufficient.size() < 2) {
            return new RateGap(sufficient, null, null, null, null, null);
        }
        return new RateGap(
                sufficient,
                lowest,
                highest,
                maxValue - minValue,
                Math.max(0, maxLower - minUpper),
                maxUpper - minLower);
    }

    boolean measurable() {
        return gapHigh != null;
    }

    boolean shownWithin(double tolerance) {
        return gapHigh != null && gapHigh < tolerance;
    }
}
