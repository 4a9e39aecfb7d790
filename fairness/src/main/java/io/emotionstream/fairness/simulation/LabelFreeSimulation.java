package io.emotionstream.fairness.simulation;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.PredictionTally;
import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.fairness.sequential.Proportions;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.EstimatorState;
import io.emotionstream.schemas.monitor.LabelFreeEstimate;
import io.emotionstream.schemas.monitor.MixDrift;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Streams of one group's predictions with known accuracy, replayed through the monitor's own cumulative statistics
 * ({@link ScopeStats}) exactly as the label join feeds them: labelled predictions scored as they come, every
 * prediction counted and flushed in batches. After each flush the published estimate is read and checked against the
 * truth. A prediction's confidence is {@code c = 1 - 0.65 U^sharpness} for U uniform on [0, 1] (sharpness 1: uniform
 * on [0.35, 1]; 4: most predictions near 1, as a trained network's); it is right with probability c + shift (a
 * calibrated model has shift 0), from prediction {@code shiftFrom} on (0: from the start; later: a concept shift the
 * probabilities do not know about). Shifts are at most 0, so c + shift stays a probability.
 */
final class LabelFreeSimulation {
    static final int[] WIDTH_AT_LABELS = {250, 1_000, 2_000};

    record Scenario(String name, double sharpness, double shift, int shiftFrom, double labelShare) {
        Scenario {
            if (shift > 0 || shift < -0.35) {
                throw new IllegalArgumentException("shift in [-0.35, 0], got " + shift);
            }
        }

        /** The accuracy when the shift applies throughout (the target of the intervals): E[c] + shift. */
        double accuracy() {
            return 1 - 0.65 / (sharpness + 1) + shift;
        }

        double confidence(SplittableRandom random) {
            return 1 - 0.65 * Math.pow(random.nextDouble(), sharpness);
        }
    }

    /**
     * @param everMissed       streams whose prediction-powered interval excluded the true accuracy after some flush
     *                         (shift from the start only; the guarantee: at most alpha)
     * @param everOffTarget    streams the estimator's audit ever called OFF_TARGET
     * @param labelsUntilOff   per stream, labels (after the shift, for a concept shift) until OFF_TARGET; -1 never
     * @param poweredWidth     mean width of the prediction-powered interval at {@link #WIDTH_AT_LABELS} labels
     * @param labelsOnlyWidth  mean width of the labels-only anytime interval the monitor publishes, at the same counts
     */
    record Outcome(
            int streams,
            int everMissed,
            int everOffTarget,
            long[] labelsUntilOff,
            double[] poweredWidth,
            double[] labelsOnlyWidth) {}

    private LabelFreeSimulation() {}

    static Outcome run(
            Scenario scenario,
            int streams,
            int predictions,
            int flushEvery,
            FairnessRules rules,
            ConfidenceSequence labelsOnly,
            long seed) {
        int missed = 0;
        int offTarget = 0;
        long[] until = new long[streams];
        double[] poweredWidth = new double[WIDTH_AT_LABELS.length];
        double[] labelsOnlyWidth = new double[WIDTH_AT_LABELS.length];
        int[] widthSamples = new int[WIDTH_AT_LABELS.length];
        for (int stream = 0; stream < streams; stream++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003 + stream);
            ScopeStats stats = new ScopeStats();
            PredictionTally tally = new PredictionTally();
            long labels = 0;
            long correct = 0;
            long labelsAtShift = -1;
            boolean everMissed = false;
            until[stream] = -1;
            int nextWidth = 0;
            for (int t = 0; t < predictions; t++) {
                double confidence = scenario.confidence(random);
                boolean shifted = t >= scenario.shiftFrom();
                if (shifted && labelsAtShift < 0) {
                    labelsAtShift = labels;
                }
                boolean right = random.nextDouble() < confidence + (shifted ? scenario.shift() : 0);
                tally.add(Emotion.HAPPINESS, confidence);
                if (random.nextDouble() < scenario.labelShare()) {
                    stats.addAudited(
                            "g", right ? Emotion.HAPPINESS : Emotion.SADNESS, Emotion.HAPPINESS, t, confidence, rules);
                    labels++;
                    correct += right ? 1 : 0;
                }
                if ((t + 1) % flushEvery != 0) {
                    continue;
                }
                stats.addPredictionsAudited(Map.of("g", tally), null, true, rules);
                tally = new PredictionTally();
                LabelFreeEstimate estimate = stats.labelFreeEstimate("g", rules).orElseThrow();
                if (scenario.shiftFrom() == 0
                        && (estimate.getPredictionPoweredLow() > scenario.accuracy()
                                || estimate.getPredictionPoweredHigh() < scenario.accuracy())) {
                    everMissed = true;
                }
                if (estimate.getEstimator() == EstimatorState.OFF_TARGET && until[stream] < 0) {
                    until[stream] = labels - Math.max(0, labelsAtShift);
                }
                while (nextWidth < WIDTH_AT_LABELS.length && labels >= WIDTH_AT_LABELS[nextWidth]) {
                    Proportions.Interval plain = labelsOnly.interval(correct, labels);
                    poweredWidth[nextWidth] += estimate.getPredictionPoweredHigh() - estimate.getPredictionPoweredLow();
                    labelsOnlyWidth[nextWidth] += plain.high() - plain.low();
                    widthSamples[nextWidth]++;
                    nextWidth++;
                }
            }
            missed += everMissed ? 1 : 0;
            offTarget += until[stream] >= 0 ? 1 : 0;
        }
        for (int i = 0; i < WIDTH_AT_LABELS.length; i++) {
            poweredWidth[i] = widthSamples[i] == 0 ? Double.NaN : poweredWidth[i] / widthSamples[i];
            labelsOnlyWidth[i] = widthSamples[i] == 0 ? Double.NaN : labelsOnlyWidth[i] / widthSamples[i];
        }
        return new Outcome(streams, missed, offTarget, until, poweredWidth, labelsOnlyWidth);
    }

    /**
     * Streams of predicted classes drawn from {@code mix}, tested against {@code reference} after every flush: the
     * predictions until the group's mix is called DRIFTED (-1: never), per stream.
     */
    static long[] mixDrift(
            double[] reference,
            double[] mix,
            int streams,
            int predictions,
            int flushEvery,
            FairnessRules rules,
            long seed) {
        long[] until = new long[streams];
        Arrays.fill(until, -1);
        for (int stream = 0; stream < streams; stream++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003 + stream);
            ScopeStats stats = new ScopeStats();
            PredictionTally tally = new PredictionTally();
            for (int t = 0; t < predictions; t++) {
                tally.add(Emotion.SIX.get(GapSimulation.pick(mix, random.nextDouble())), 0.5);
                if ((t + 1) % flushEvery == 0) {
                    stats.addPredictionsAudited(Map.of("g", tally), reference, true, rules);
                    tally = new PredictionTally();
                    Optional<LabelFreeEstimate> estimate = stats.labelFreeEstimate("g", rules);
                    if (estimate.orElseThrow().getMixDrift() == MixDrift.DRIFTED) {
                        until[stream] = t + 1;
                        break;
                    }
                }
            }
        }
        return until;
    }

    static double detectedShare(long[] until) {
        return Arrays.stream(until).filter(u -> u >= 0).count() / (double) until.length;
    }
}
