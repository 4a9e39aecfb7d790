package io.emotionstream.trainer.eval;

import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A proportion (accuracy, a class's recall, a group's accuracy) measured on images that come in clusters, one per
 * person, with a 95% interval that counts people, not images: two photos of one poser are not two independent
 * trials, and a model that fails on one poser fails on most of their photos.
 *
 * <p>The method: the ratio estimator's linearised variance with people as the sampling unit (Cochran, "Sampling
 * Techniques", 3rd ed. 1977, ch. 6, with the G/(G-1) small-sample factor), turned into a design effect and an
 * effective sample size, then a Clopper-Pearson interval on that effective size with Korn and Graubard's
 * degrees-of-freedom adjustment (G-1) ("Confidence intervals for proportions with small expected number of positive
 * counts estimated from survey data", Survey Methodology 24(2), 1998). It stays inside [0, 1] and does not collapse
 * when every person scored 100%, which "estimate +- t * se" does; the design effect is never taken below 1, so
 * clustering can only widen it. The percentile cluster bootstrap was the other candidate: with 10 people (JAFFE) it
 * covers 84-91% instead of 95% (ClusteredProportionSimulationTest measures both; figures in docs/benchmarks.md).
 *
 * <p>What it covers: the accuracy on new people from the same population, for the models the protocol trained.
 * The variation between retrainings is not in it (no unbiased estimator exists for k-fold cross-validation's
 * variance, Bengio and Grandvalet, JMLR 5, 2004); the protocols report the per-fold spread beside it.
 *
 * @param clusters  how many people the images came from
 * @param n         images
 * @param hits      images counted as successes
 * @param estimate  hits / n
 * @param low       lower end of the 95% interval
 * @param high      upper end of the 95% interval
 */
public record ClusteredProportion(int clusters, int n, int hits, double estimate, double low, double high) {
    /** One person's images: how many, and how many were successes. */
    public record Cluster(int n, int hits) {
        public Cluster {
            if (n < 0 || hits < 0 || hits > n) {
                throw new IllegalArgumentException("a cluster needs 0 <= hits <= n: " + hits + " of " + n);
            }
        }
    }

    private static final double CONFIDENCE = 0.95;

    public static ClusteredProportion of(List<Cluster> people) {
        List<Cluster> nonEmpty = people.stream().filter(c -> c.n() > 0).toList();
        int g = nonEmpty.size();
        int n = nonEmpty.stream().mapToInt(Cluster::n).sum();
        int hits = nonEmpty.stream().mapToInt(Cluster::hits).sum();
        if (n == 0) {
            return new ClusteredProportion(0, 0, 0, Double.NaN, 0, 1);
        }
        double p = (double) hits / n;
        if (g < 2) { // one person: nothing to say about the next one
            return new ClusteredProportion(g, n, hits, p, 0, 1);
        }
        double sumSquares = 0;
        for (Cluster c : nonEmpty) {
            double residual = c.hits() - p * c.n();
            sumSquares += residual * residual;
        }
        double clusteredVariance = (double) g / (g - 1) * sumSquares / ((double) n * n);
        double binomialVariance = p * (1 - p) / n;
        double designEffect = binomialVariance == 0 ? 1 : Math.max(1, clusteredVariance / binomialVariance);
        double effectiveN = n / designEffect;
        double alpha = 1 - CONFIDENCE;
        double z = new NormalDistribution().inverseCumulativeProbability(1 - alpha / 2);
        double t = new TDistribution(g - 1).inverseCumulativeProbability(1 - alpha / 2);
        // Few people: the effective size shrinks by (z / t)^2, Korn and Graubard's degrees-of-freedom adjustment.
        double adjustedN = effectiveN * (z / t) * (z / t);
        double x = p * adjustedN;
        double low = x <= 0 ? 0 : new BetaDistribution(x, adjustedN - x + 1).inverseCumulativeProbability(alpha / 2);
        double high = x >= adjustedN
                ? 1
                : new BetaDistribution(x + 1, adjustedN - x).inverseCumulativeProbability(1 - alpha / 2);
        return new ClusteredProportion(g, n, hits, p, low, high);
    }

    public boolean covers(double value) {
        return low <= value && value <= high;
    }
}
