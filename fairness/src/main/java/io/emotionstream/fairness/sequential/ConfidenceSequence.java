package io.emotionstream.fairness.sequential;

/**
 * An anytime-valid confidence sequence for an accuracy (the mean of 0/1 outcomes): intervals that cover the true
 * accuracy at every sample size at once with probability at least 1 - alpha, so a monitor may look after every
 * label (the "peeking" that breaks a fixed-sample interval such as Wilson's) and still mean what it says.
 *
 * <p>Robbins' two-sided normal mixture (Robbins 1970; Howard, Ramdas, McAuliffe and Sekhon, "Time-uniform,
 * nonparametric, nonasymptotic confidence sequences", Ann. Statist. 49(2), 2021, section 3): outcomes in [0, 1] are
 * sub-Gaussian with variance proxy 1/4, so with {@code S_t = sum(x_i - p)} and {@code V_t = t/4},
 * {@code P(exists t: |S_t| >= sqrt((V_t + rho) ln((V_t + rho) / (rho alpha^2)))) <= alpha} (Ville's inequality
 * applied to the mixture supermartingale). The interval at {@code t} is {@code p_hat +/- boundary / t}, clipped to
 * [0, 1]. It needs only the counts the monitor already keeps. {@code rho} sets where the sequence is tightest (its
 * validity holds for any {@code rho > 0}); {@link #tunedFor} picks the value that minimises the width at a chosen
 * sample size (Howard et al., eq. (3.8)'s approximation for the normal mixture).
 */
public final class ConfidenceSequence {
    private final double alpha;
    private final double rho;

    private ConfidenceSequence(double alpha, double rho) {
        if (!(alpha > 0 && alpha < 1) || !(rho > 0)) {
            throw new IllegalArgumentException("need 0 < alpha < 1 and rho > 0, got " + alpha + ", " + rho);
        }
        this.alpha = alpha;
        this.rho = rho;
    }

    /** Tightest near {@code samples} labels (e.g. a group's size at the monitor's min.samples scale). */
    public static ConfidenceSequence tunedFor(double alpha, long samples) {
        double logInverseAlpha = Math.log(1 / alpha);
        double variance = Math.max(1, samples) / 4.0;
        return new ConfidenceSequence(alpha, variance / (2 * logInverseAlpha + Math.log(1 + 2 * logInverseAlpha)));
    }

    public double alpha() {
        return alpha;
    }

    /** The interval after {@code n} outcomes of which {@code successes} were 1; [0, 1] before any. */
    public Proportions.Interval interval(long successes, long n) {
        return interval((double) successes, n);
    }

    /** The interval after {@code n} observations in [0, 1] summing to {@code sum}; [0, 1] before any. */
    public Proportions.Interval interval(double sum, long n) {
        if (n <= 0) {
            return new Proportions.Interval(0, 1);
        }
        double mean = sum / n;
        double half = boundary(n) / n;
        return new Proportions.Interval(Math.max(0, mean - half), Math.min(1, mean + half));
    }

    /** The radius of {@code |S_t|} the mixture allows after {@code n} outcomes. */
    double boundary(long n) {
        double v = n / 4.0 + rho;
        return Math.sqrt(v * Math.log(v / (rho * alpha * alpha)));
    }
}
