package io.emotionstream.fairness.sequential;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateWriter;

/**
 * A variance-adaptive, anytime-valid confidence sequence for the mean of observations in [0, 1], updated one
 * observation at a time: the predictable plug-in empirical-Bernstein sequence (PrPl-EB) of Waudby-Smith and Ramdas,
 * "Estimating means of bounded random variables by betting", JRSS-B 86(1), 2024, Theorem 2. With
 * <pre>
 *   mu_t      = (1/2 + sum_{i<=t} x_i) / (t + 1)                 sigma2_t = (1/4 + sum_{i<=t} (x_i - mu_i)^2) / (t + 1)
 *   lambda_t  = min(1/2, sqrt(2 ln(2/alpha) / (sigma2_{t-1} t ln(1 + t))))
 *   v_t       = 4 (x_t - mu_{t-1})^2                             psi(lambda) = (-ln(1 - lambda) - lambda) / 4
 *   C_t       = sum lambda_i x_i / sum lambda_i  +/-  (ln(2/alpha) + sum v_i psi(lambda_i)) / sum lambda_i
 * </pre>
 * C_t covers the mean at every t at once with probability at least 1 - alpha (each side is a nonnegative
 * supermartingale, Ville's inequality). Unlike {@link ConfidenceSequence}'s sub-Gaussian bound it narrows with the
 * observed variance: what makes the prediction-powered estimate worth having, since correct - confidence varies far
 * less than correct alone when the confidences are good. The running intersection of the intervals is kept (as valid).
 * Mutable; the caller keeps {@code alpha} fixed over its life.
 */
public final class EmpiricalBernsteinSequence {
    private static final double MAX_BET = 0.5;
    private long count;
    double sum;
    double squaredDeviations;
    double sumLambda;
    double sumLambdaX;
    double penalty;
    double low;
    double high = 1;

    /** {@code x} in [0, 1] (clipped: a NaN is ignored). */
    public void add(double x, double alpha) {
        if (Double.isNaN(x)) {
            return;
        }
        x = Math.min(1, Math.max(0, x));
        double log = Math.log(2 / alpha);
        double previousMean = (0.5 + sum) / (count + 1);
        double previousVariance = (0.25 + squaredDeviations) / (count + 1);
        long t = count + 1;
        double lambda = Math.min(MAX_BET, Math.sqrt(2 * log / (previousVariance * t * Math.log(1 + t))));
        double v = 4 * (x - previousMean) * (x - previousMean);
        penalty += v * (-Math.log(1 - lambda) - lambda) / 4;
        sumLambda += lambda;
        sumLambdaX += lambda * x;
        count = t;
        sum += x;
        double mean = (0.5 + sum) / (count + 1);
        squaredDeviations += (x - mean) * (x - mean);
        double center = sumLambdaX / sumLambda;
        double margin = (log + penalty) / sumLambda;
        low = Math.max(low, center - margin);
        high = Math.min(high, center + margin);
        if (low > high) { // the running intersection emptied: only possible on the alpha-probability event
            double middle = (low + high) / 2;
            low = middle;
            high = middle;
        }
    }

    public long count() {
        return count;
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    public Proportions.Interval interval() {
        return new Proportions.Interval(low, high);
    }

    /** count (8) | sum, squared deviations, sum of bets, sum of bets x observations, penalty, low, high (8 each). */
    public void write(StateWriter out) {
        out.writeLong(count);
        for (double v : new double[] {sum, squaredDeviations, sumLambda, sumLambdaX, penalty, low, high}) {
            out.writeDouble(v);
        }
    }

    public static EmpiricalBernsteinSequence read(StateReader in) {
        EmpiricalBernsteinSequence s = new EmpiricalBernsteinSequence();
        s.count = in.readLong();
        s.sum = in.readDouble();
        s.squaredDeviations = in.readDouble();
        s.sumLambda = in.readDouble();
        s.sumLambdaX = in.readDouble();
        s.penalty = in.readDouble();
        s.low = in.readDouble();
        s.high = in.readDouble();
        return s;
    }
}
