package io.emotionstream.fairness.simulation;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.schemas.Emotion;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The verdicts part of {@code calibrate-monitor}: false alarms on fair streams and labels until {@code UNFAIR} on
 * unfair ones, for the sequential verdicts with the monitor's default settings and, on the same labels, the rule
 * used before them (gap of at least monitor.gap.tolerance's default and p below alpha).
 */
public final class VerdictCalibration {
    private static final double BASELINE = 0.80;
    private static final double[] EVEN = {0.5, 0.5};
    private static final double[] MINORITY = {0.8, 0.2};
    private static final double[] FIVE = {0.4, 0.3, 0.15, 0.1, 0.05};
    private static final double COVERAGE = 0.7;
    private static final int BUCKET = 500;

    private final int streams;
    private final int labels;
    private final int delayStreams;
    private final double[] gaps;
    private final double labelsPerHour;
    private final long seed;
    private final FairnessRules rules = MonitorSettings.DEFAULT.fairness();

    public VerdictCalibration(
            int streams, int labels, int delayStreams, double[] gaps, double labelsPerHour, long seed) {
        this.streams = streams;
        this.labels = labels;
        this.delayStreams = delayStreams;
        this.gaps = gaps;
        this.labelsPerHour = labelsPerHour;
        this.seed = seed;
    }

    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nverdicts: monitor defaults (alpha %.2f over %d rates, UNFAIR at e-value %.0f, tolerance %.2f, "
                        + "min samples %d), baseline accuracy %.2f, a look after every label%n",
                rules.alpha(),
                rules.family(),
                rules.evidenceThreshold(),
                rules.tolerance(),
                rules.minSamples(),
                BASELINE);
        out.printf(
                Locale.ROOT,
                "fair streams (%d x %d labels)     ever UNFAIR   ever alarmed before   FAIR at the end%n",
                streams,
                labels);
        for (var fair : List.of(
                GapSimulation.Scenario.accuracyGap("2 groups 50/50", EVEN, BASELINE, 0),
                GapSimulation.Scenario.accuracyGap("2 groups 80/20", MINORITY, BASELINE, 0),
                GapSimulation.Scenario.accuracyGap("5 groups 40/30/15/10/5", FIVE, BASELINE, 0))) {
            GapSimulation.Outcome outcome =
                    GapSimulation.run(fair, streams, labels, rules, rules.tolerance(), false, seed);
            out.printf(
                    Locale.ROOT,
                    "  %-30s %11.4f   %19.4f   %15.4f%n",
                    fair.name(),
                    outcome.sequentialAlarmRate(),
                    outcome.legacyAlarmRate(),
                    (double) outcome.fairAtEnd() / streams);
        }
        double[][] attributes = {EVEN, MINORITY, {0.5, 0.3, 0.2}, FIVE, {0.25, 0.25, 0.25, 0.25}};
        GapSimulation.Outcome family = GapSimulation.family(
                attributes, BASELINE, COVERAGE, BUCKET, streams, labels, rules, rules.tolerance(), seed);
        out.printf(
                Locale.ROOT,
                "  %-30s %11.4f   %19.4f   (any UNFAIR or UNEVEN of %d attributes x %d rates, %.0f%% of "
                        + "predictions labelled, fates released every %d predictions: the family-wise error)%n",
                "the family: 5 attributes",
                family.sequentialAlarmRate(),
                family.legacyAlarmRate(),
                attributes.length,
                FairnessRules.RATES_PER_ATTRIBUTE,
                100 * COVERAGE,
                BUCKET);
        out.printf(
                Locale.ROOT,
                "unfair streams (%d x %d labels): labels until UNFAIR, median / 90th percentile "
                        + "(hours at %.0f labels/h), share detected; the rule before, median and share%n",
                delayStreams,
                labels,
                labelsPerHour);
        for (double gap : gaps) {
            delays(
                    out,
                    GapSimulation.Scenario.accuracyGap(
                            String.format(Locale.ROOT, "accuracy gap %.2f, 50/50", gap), EVEN, BASELINE, gap));
            delays(
                    out,
                    GapSimulation.Scenario.accuracyGap(
                            String.format(Locale.ROOT, "accuracy gap %.2f, 20%% lower", gap), MINORITY, BASELINE, gap));
        }
        for (double gap : new double[] {0.2, 0.4}) {
            delays(
                    out,
                    GapSimulation.Scenario.recallGap(
                            String.format(Locale.ROOT, "fear recall gap %.2f, 50/50", gap),
                            EVEN,
                            BASELINE,
                            gap,
                            Emotion.FEAR));
        }
        out.printf(
                Locale.ROOT,
                "uneven labels (%d x %d predictions, fates released every %d): predictions until UNEVEN, "
                        + "median / 90th percentile, share detected%n",
                delayStreams,
                labels,
                BUCKET);
        for (double[] coverage : new double[][] {{0.7, 0.6}, {0.7, 0.5}, {0.9, 0.5}}) {
            GapSimulation.Outcome outcome =
                    GapSimulation.unevenLabels(EVEN, coverage, BUCKET, delayStreams, labels, rules, seed);
            out.printf(
                    Locale.ROOT,
                    "  %-30s %7s / %7s  %5.3f%n",
                    String.format(
                            Locale.ROOT, "labelled %.0f%% vs %.0f%%, 50/50", 100 * coverage[0], 100 * coverage[1]),
                    labels(GapSimulation.Outcome.quantile(outcome.sequentialDelays(), 0.5)),
                    labels(GapSimulation.Outcome.quantile(outcome.sequentialDelays(), 0.9)),
                    outcome.sequentialAlarmRate());
        }
    }

    private void delays(PrintStream out, GapSimulation.Scenario scenario) {
        GapSimulation.Outcome outcome =
                GapSimulation.run(scenario, delayStreams, labels, rules, rules.tolerance(), true, seed);
        long median = GapSimulation.Outcome.quantile(outcome.sequentialDelays(), 0.5);
        long p90 = GapSimulation.Outcome.quantile(outcome.sequentialDelays(), 0.9);
        out.printf(
                Locale.ROOT,
                "  %-30s %7s / %7s (%s / %s h)  %5.3f   before: %7s  %5.3f%n",
                scenario.name(),
                labels(median),
                labels(p90),
                hours(median),
                hours(p90),
                outcome.sequentialAlarmRate(),
                labels(GapSimulation.Outcome.quantile(outcome.legacyDelays(), 0.5)),
                outcome.legacyAlarmRate());
    }

    private static String labels(long value) {
        return value < 0 ? "never" : Long.toString(value);
    }

    private String hours(long value) {
        return value < 0 ? "-" : String.format(Locale.ROOT, "%.1f", value / labelsPerHour);
    }
}
