package io.emotionstream.fairness.simulation;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.fairness.sequential.ConfidenceSequence;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The estimates part of {@code calibrate-monitor}: whether the prediction-powered interval keeps its promise, how much
 * narrower it is than the labels-only interval, how fast the estimator's audit notices a model whose confidence is
 * off, and the predicted-mix drift test's false alarms and delays, with the monitor's default settings.
 */
public final class EstimateCalibration {
    private static final int FLUSH_EVERY = 100;
    private static final double LABEL_SHARE = 0.1;
    private static final double[] REFERENCE = {0.1, 0.05, 0.1, 0.35, 0.2, 0.2};

    private final int streams;
    private final int predictions;
    private final int delayStreams;
    private final long seed;
    private final FairnessRules rules = MonitorSettings.DEFAULT.fairness();
    private final ConfidenceSequence labelsOnly = MonitorSettings.DEFAULT.anytime();

    public EstimateCalibration(int streams, int predictions, int delayStreams, long seed) {
        this.streams = streams;
        this.predictions = predictions;
        this.delayStreams = delayStreams;
        this.seed = seed;
    }

    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nestimates: one group, %d predictions per stream, %.0f%% labelled, counts flushed every %d "
                        + "predictions and the estimate read after each flush; alpha %.2f, tolerance %.2f%n",
                predictions,
                100 * LABEL_SHARE,
                FLUSH_EVERY,
                rules.alpha(),
                rules.tolerance());
        out.printf(
                Locale.ROOT,
                "%d streams per model                       interval ever   audit ever    width at %s labels:%n",
                streams,
                "250 / 1,000 / 2,000");
        out.printf(
                Locale.ROOT,
                "                                          missed          OFF_TARGET    prediction-powered vs labels-only%n");
        for (LabelFreeSimulation.Scenario scenario : List.of(
                new LabelFreeSimulation.Scenario("calibrated, spread (accuracy 0.675)", 1, 0, 0, LABEL_SHARE),
                new LabelFreeSimulation.Scenario("calibrated, sharp (accuracy 0.87)", 4, 0, 0, LABEL_SHARE),
                new LabelFreeSimulation.Scenario("sharp, overconfident by 0.15 (0.72)", 4, -0.15, 0, LABEL_SHARE))) {
            LabelFreeSimulation.Outcome outcome =
                    LabelFreeSimulation.run(scenario, streams, predictions, FLUSH_EVERY, rules, labelsOnly, seed);
            out.printf(
                    Locale.ROOT,
                    "  %-40s %6.4f          %6.4f        %s%n",
                    scenario.name(),
                    (double) outcome.everMissed() / streams,
                    (double) outcome.everOffTarget() / streams,
                    widths(outcome));
        }
        out.printf(
                Locale.ROOT,
                "the audit's delay (%d streams): labels until OFF_TARGET, median / 90th percentile, share detected%n",
                delayStreams);
        for (LabelFreeSimulation.Scenario scenario : List.of(
                new LabelFreeSimulation.Scenario(
                        "sharp, overconfident by 0.15 from the start", 4, -0.15, 0, LABEL_SHARE),
                new LabelFreeSimulation.Scenario(
                        "sharp, overconfident by 0.30 from the start", 4, -0.30, 0, LABEL_SHARE),
                new LabelFreeSimulation.Scenario(
                        "sharp, accuracy falls by 0.30 half-way", 4, -0.30, predictions / 2, LABEL_SHARE))) {
            LabelFreeSimulation.Outcome outcome =
                    LabelFreeSimulation.run(scenario, delayStreams, predictions, FLUSH_EVERY, rules, labelsOnly, seed);
            delays(
                    out,
                    scenario.name() + (scenario.shiftFrom() > 0 ? " (labels after it)" : ""),
                    outcome.labelsUntilOff());
        }
        out.printf(
                Locale.ROOT,
                "predicted mix against the reference %s, DRIFTED at e-value %.0f (%d streams x %d predictions)%n",
                java.util.Arrays.toString(REFERENCE),
                rules.mixDriftThreshold(),
                streams,
                predictions);
        long[] fair =
                LabelFreeSimulation.mixDrift(REFERENCE, REFERENCE, streams, predictions, FLUSH_EVERY, rules, seed);
        out.printf(
                Locale.ROOT,
                "  %-40s ever DRIFTED %.4f%n",
                "drawn from the reference",
                LabelFreeSimulation.detectedShare(fair));
        for (double moved : new double[] {0.05, 0.10}) {
            double[] shifted = REFERENCE.clone();
            shifted[3] -= moved;
            shifted[4] += moved;
            long[] until = LabelFreeSimulation.mixDrift(
                    REFERENCE, shifted, delayStreams, predictions, FLUSH_EVERY, rules, seed);
            delays(out, String.format(Locale.ROOT, "%.2f of happiness moved to sadness", moved), until);
        }
    }

    private static String widths(LabelFreeSimulation.Outcome outcome) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LabelFreeSimulation.WIDTH_AT_LABELS.length; i++) {
            text.append(String.format(
                    Locale.ROOT,
                    "%s%.3f vs %.3f",
                    i == 0 ? "" : " / ",
                    outcome.poweredWidth()[i],
                    outcome.labelsOnlyWidth()[i]));
        }
        return text.toString();
    }

    private static void delays(PrintStream out, String name, long[] until) {
        long median = GapSimulation.Outcome.quantile(until, 0.5);
        long p90 = GapSimulation.Outcome.quantile(until, 0.9);
        out.printf(
                Locale.ROOT,
                "  %-52s %7s / %7s  %5.3f%n",
                name,
                median < 0 ? "never" : Long.toString(median),
                p90 < 0 ? "never" : Long.toString(p90),
                LabelFreeSimulation.detectedShare(until));
    }
}
