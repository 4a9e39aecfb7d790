package io.emotionstream.trainer.eval;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The difference in accuracy between two models (or recipes) scored on the same images, with a 95% interval that
 * counts people: "did this ingredient help?" asked of the same held-out faces. Pairing removes the between-person
 * spread both models share (a hard face is hard for both), so it sees differences that two separate intervals cannot.
 *
 * <p>The method: per person, the difference in hits; the ratio estimator of the mean difference with its cluster
 * variance (G/(G-1) small-sample factor) and Student's t with G-1 degrees of freedom: McNemar's comparison of
 * correlated proportions adjusted for clustered data (Obuchowski, "On the comparison of correlated proportions for
 * clustered data", Statistics in Medicine 17(13), 1998). Coverage checked by simulation in
 * PairedDifferenceSimulationTest; figures in docs/benchmarks.md.
 *
 * @param estimate accuracy of the first minus accuracy of the second, over the same images
 */
public record PairedDifference(int clusters, int n, double estimate, double low, double high) {
    /** One person's images: how many, and how many each of the two got right. */
    public record Pair(int n, int hitsFirst, int hitsSecond) {
        public Pair {
            if (n < 0 || hitsFirst < 0 || hitsSecond < 0 || hitsFirst > n || hitsSecond > n) {
                throw new IllegalArgumentException(
                        "a pair needs 0 <= hits <= n: " + hitsFirst + ", " + hitsSecond + " of " + n);
            }
        }
    }

    public static PairedDifference of(List<Pair> people) {
        List<Pair> nonEmpty = people.stream().filter(p -> p.n() > 0).toList();
        int g = nonEmpty.size();
        int n = nonEmpty.stream().mapToInt(Pair::n).sum();
        if (n == 0) {
            return new PairedDifference(0, 0, Double.NaN, -1, 1);
        }
        double difference =
                nonEmpty.stream().mapToInt(p -> p.hitsFirst() - p.hitsSecond()).sum() / (double) n;
        if (g < 2) {
            return new PairedDifference(g, n, difference, -1, 1);
        }
        double sumSquares = 0;
        for (Pair p : nonEmpty) {
            double residual = (p.hitsFirst() - p.hitsSecond()) - difference * p.n();
            sumSquares += residual * residual;
        }
        double standardError = Math.sqrt((double) g / (g - 1) * sumSquares) / n;
        double t = new TDistribution(g - 1).inverseCumulativeProbability(0.975);
        return new PairedDifference(
                g,
                n,
                difference,
                Math.max(-1, difference - t * standardError),
                Math.min(1, difference + t * standardError));
    }

    public boolean covers(double value) {
        return low <= value && value <= high;
    }

    /** Zero is outside the interval: one of the two is better on new people, not only on these. */
    public boolean significant() {
        return !covers(0);
    }
}
