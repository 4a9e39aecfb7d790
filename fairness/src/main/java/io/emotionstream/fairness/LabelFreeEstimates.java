package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.fairness.sequential.EmpiricalBernsteinSequence;
import io.emotionstream.fairness.sequential.MixDriftEvidence;
import io.emotionstream.fairness.sequential.Proportions;
import io.emotionstream.fairness.sequential.ShiftDetector;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.EstimatorState;
import io.emotionstream.schemas.monitor.LabelFreeEstimate;
import io.emotionstream.schemas.monitor.MixDrift;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A group's accuracy before and beside its labels (README, "Reading the monitor"):
 * <ul>
 *   <li><b>label-free</b>: the mean confidence over all the group's predictions, the accuracy to expect if the
 *       probabilities are calibrated (confidence-based performance estimation);</li>
 *   <li><b>prediction-powered</b> (Angelopoulos, Bates, Fannjiang, Jordan, Zrnic, Science 382, 2023): the label-free
 *       figure plus the mean rectifier {@code correct - confidence} over the labelled predictions. Its interval adds an
 *       anytime-valid sequence for the mean confidence (sub-Gaussian, {@link ConfidenceSequence}, level alpha/10) and
 *       one for the rectifier (empirical Bernstein, {@link EmpiricalBernsteinSequence}, level 9 alpha/10): a union bound
 *       makes it valid at level 1 - alpha at every moment, when the labelled predictions are a random sample of the
 *       group's (the label-parity test watches that). The rectifier varies less than correctness when confidences
 *       are good, so the interval narrows faster than the labels-only sequence;</li>
 *   <li><b>the estimator's audit</b>: the rectifier's interval is how far the label-free figure is off. ON_TARGET when it
 *       lies within +-tolerance; OFF_TARGET when it lies wholly outside, or once {@link ShiftDetector} has found the
 *       rectifier moved beyond the tolerance (the probabilities stopped fitting the data, e.g. concept shift: the
 *       cumulative interval alone would notice a late shift only slowly, diluted by the labels before it);
 *       INSUFFICIENT_EVIDENCE otherwise;</li>
 *   <li><b>the predicted mix</b> against the model's reference, with {@link MixDriftEvidence}'s e-value.</li>
 * </ul>
 */
final class LabelFreeEstimates {
    /** Where the sequence of the mean confidence is tightest (valid at every count; the choice only moves its width). */
    static final long CONFIDENCE_TUNED_FOR = 10_000;
    /**
     * Of the error budget alpha, the rectifier's share (the mean confidence gets the rest). The mean confidence is over
     * every prediction, typically ten to a hundred times as many as the labelled ones, so its interval is narrow even
     * at a small share, and the budget is better spent where the sample is small.
     */
    static final double RECTIFIER_SHARE = 0.9;

    private LabelFreeEstimates() {}

    /** The rectifier's share of the prediction-powered interval's error budget alpha. */
    static double rectifierAlpha(FairnessRules rules) {
        return rules.alpha() * RECTIFIER_SHARE;
    }

    /** Empty until the group's predictions have been counted. */
    static Optional<LabelFreeEstimate> of(
            LabelFreeStats stats, Optional<double[]> reference, boolean calibrated, FairnessRules rules) {
        PredictionTally tally = stats.tally;
        if (tally.count == 0) {
            return Optional.empty();
        }
        double estimated = tally.confidenceSum / tally.count;
        Proportions.Interval confidence = ConfidenceSequence.tunedFor(
                        rules.alpha() * (1 - RECTIFIER_SHARE), CONFIDENCE_TUNED_FOR)
                .interval(tally.confidenceSum, tally.count);
        EmpiricalBernsteinSequence rectifier = stats.rectifier;
        double biasLow = 2 * rectifier.interval().low() - 1;
        double biasHigh = 2 * rectifier.interval().high() - 1;
        Double powered = rectifier.count() == 0 ? null : clip(estimated + 2 * rectifier.mean() - 1);
        double tolerance = rules.tolerance();
        EstimatorState state = biasLow > tolerance || biasHigh < -tolerance || stats.shift.alarmed()
                ? EstimatorState.OFF_TARGET
                : biasLow >= -tolerance && biasHigh <= tolerance
                        ? EstimatorState.ON_TARGET
                        : EstimatorState.INSUFFICIENT_EVIDENCE;
        Double eValue = reference
                .map(r -> Math.min(Double.MAX_VALUE, Math.exp(MixDriftEvidence.logEValue(tally.emotions(), r))))
                .orElse(null);
        return Optional.of(LabelFreeEstimate.newBuilder()
                .setCalibrated(calibrated)
                .setEstimatedAccuracy(estimated)
                .setLabelsUsed(rectifier.count())
                .setPredictionPowered(powered)
                .setPredictionPoweredLow(clip(confidence.low() + biasLow))
                .setPredictionPoweredHigh(clip(confidence.high() + biasHigh))
                .setBiasLow(biasLow)
                .setBiasHigh(biasHigh)
                .setShiftEvidence(stats.shift.evidence())
                .setShiftThreshold(ShiftDetector.THRESHOLD)
                .setEstimator(state)
                .setMix(shares(tally.predicted, tally.count))
                .setReferenceMix(reference.map(r -> shares(r, 1)).orElse(Map.of()))
                .setMixDriftEValue(eValue)
                .setMixDriftThreshold(rules.mixDriftThreshold())
                .setMixDrift(
                        reference.isEmpty()
                                ? MixDrift.NO_REFERENCE
                                : stats.drifted ? MixDrift.DRIFTED : MixDrift.NOT_DETECTED)
                .build());
    }

    /** Each emotion's share of the predictions, and neutral's once a model predicted it. */
    private static Map<String, Double> shares(long[] counts, long total) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Emotion e : counts[Emotion.NEUTRAL.ordinal()] > 0 ? Emotion.SEVEN : Emotion.SIX) {
            out.put(e.label(), total == 0 ? 0 : (double) counts[e.ordinal()] / total);
        }
        return out;
    }

    private static Map<String, Double> shares(double[] shares, long total) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Emotion e : Emotion.SIX) {
            out.put(e.label(), shares[e.ordinal()] / total);
        }
        return out;
    }

    private static double clip(double value) {
        return Math.min(1, Math.max(0, value));
    }
}
