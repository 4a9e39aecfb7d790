package io.emotionstream.fairness.sequential;

/**
 * Evidence that a group's predicted classes are not drawn from the model's reference mix p0: the likelihood ratio of
 * the Krichevsky-Trofimov mixture (a Dirichlet(1/2, ..., 1/2) prior over the class shares) against p0,
 * <pre>
 *   E_n = [Gamma(K/2) / Gamma(n + K/2)] prod_k [Gamma(c_k + 1/2) / Gamma(1/2)]  /  prod_k p0_k^c_k
 * </pre>
 * for counts c_k out of n. Its numerator is the product of the mixture's sequential predictions, so E_n is a
 * nonnegative martingale with mean 1 under p0 (the universal-inference construction of Wasserman, Ramdas and
 * Balakrishnan, PNAS 2020): by Ville's inequality it ever reaches 1/alpha with probability at most alpha, looked at
 * after every prediction. It depends on the counts alone, not their order, so batches of counts serve as well as
 * single predictions.
 */
public final class MixDriftEvidence {
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private MixDriftEvidence() {}

    /** ln E_n for {@code counts} against {@code reference} (positive shares summing to 1). */
    public static double logEValue(long[] counts, double[] reference) {
        int classes = counts.length;
        long n = 0;
        double log = logGamma(classes / 2.0);
        for (int k = 0; k < classes; k++) {
            n += counts[k];
            log += logGamma(counts[k] + 0.5) - logGamma(0.5) - counts[k] * Math.log(reference[k]);
        }
        return log - logGamma(n + classes / 2.0);
    }

    /** ln Gamma(x) for x > 0: Lanczos' approximation (g = 7, 9 terms), relative error near 1e-15. */
    static double logGamma(double x) {
        if (x < 0.5) { // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        x -= 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
