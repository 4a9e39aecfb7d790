package io.emotionstream.model.calibration;

import io.emotionstream.schemas.Emotion;

/**
 * Temperature scaling (Guo, Pleiss, Sun, Weinberger, "On Calibration of Modern Neural Networks", ICML 2017): one
 * scalar T that minimises the cross-entropy of softmax(log p / T) on held-out images; the accuracy is unchanged (the
 * argmax is). Our validation splits are small (JAFFE's has 13 images) and sometimes without a single error (CK+'s
 * random split), where the plain minimum runs off to T -> 0 (every correct answer made certain). So the fit is a
 * maximum a posteriori one: the summed cross-entropy plus {@code (ln T)^2 / (2 x 0.5^2)}, a normal prior on ln T
 * (T within [0.37, 2.7] at two standard deviations) that a few thousand images overrule and a dozen cannot. The
 * objective is unimodal in ln T, so a golden-section search finds its minimum.
 */
public final class TemperatureScaling {
    /** Search range of T: beyond it a network is either all-but-uniform or all-but-one-hot. */
    static final double MIN_TEMPERATURE = 0.05;

    static final double MAX_TEMPERATURE = 20;
    /** Keras clips probabilities at 1e-7 in its cross-entropy; so do we, for losses comparable with training's. */
    private static final double LOSS_EPSILON = 1e-7;

    private static final int ECE_BINS = 15;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    /** Standard deviation of the prior on ln T. */
    static final double PRIOR_SD = 0.5;

    private TemperatureScaling() {}

    /** The temperature of the posterior mode given {@code probabilities} (network outputs) and {@code labels}. */
    public static double fit(float[][] probabilities, int[] labels) {
        if (probabilities.length == 0) {
            return 1;
        }
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        double a = hi - GOLDEN * (hi - lo);
        double b = lo + GOLDEN * (hi - lo);
        double fa = objective(probabilities, labels, a);
        double fb = objective(probabilities, labels, b);
        for (int i = 0; i < 80; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - GOLDEN * (hi - lo);
                fa = objective(probabilities, labels, a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + GOLDEN * (hi - lo);
                fb = objective(probabilities, labels, b);
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Summed cross-entropy at T = e^logT, plus the prior's penalty. */
    private static double objective(float[][] probabilities, int[] labels, double logT) {
        return loss(probabilities, labels, Math.exp(logT)) * probabilities.length
                + logT * logT / (2 * PRIOR_SD * PRIOR_SD);
    }

    /** Mean cross-entropy after scaling by {@code temperature} (1: the network's own loss). */
    public static double loss(float[][] probabilities, int[] labels, double temperature) {
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            float[] scaled = Calibration.scale(probabilities[i], temperature);
            sum += -Math.log(Math.min(1 - LOSS_EPSILON, Math.max(LOSS_EPSILON, scaled[labels[i]])));
        }
        return probabilities.length == 0 ? 0 : sum / probabilities.length;
    }

    /**
     * Expected calibration error after scaling: over 15 equal-width bins of confidence (the probability of the
     * predicted class), the share-weighted mean of |accuracy - mean confidence| (Guo et al., section 2).
     */
    public static double expectedCalibrationError(float[][] probabilities, int[] labels, double temperature) {
        double[] confidence = new double[ECE_BINS];
        double[] correct = new double[ECE_BINS];
        int[] count = new int[ECE_BINS];
        for (int i = 0; i < probabilities.length; i++) {
            float[] scaled = Calibration.scale(probabilities[i], temperature);
            int predicted = Emotion.mostProbable(scaled).ordinal();
            double p = scaled[predicted];
            int bin = Math.min(ECE_BINS - 1, (int) (p * ECE_BINS));
            confidence[bin] += p;
            correct[bin] += predicted == labels[i] ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int bin = 0; bin < ECE_BINS; bin++) {
            if (count[bin] > 0) {
                ece += Math.abs(correct[bin] - confidence[bin]) / probabilities.length;
            }
        }
        return ece;
    }

    /**
     * Share of each class among the predictions (one per column: six, or seven with neutral), add-one smoothed so that
     * no class the model can predict has share 0.
     */
    public static double[] predictedMix(float[][] probabilities) {
        double[] mix = new double[probabilities.length == 0 ? Emotion.SIX_COUNT : probabilities[0].length];
        for (float[] row : probabilities) {
            mix[Emotion.mostProbable(row).ordinal()]++;
        }
        for (int k = 0; k < mix.length; k++) {
            mix[k] = (mix[k] + 1) / (probabilities.length + mix.length);
        }
        return mix;
    }
}
