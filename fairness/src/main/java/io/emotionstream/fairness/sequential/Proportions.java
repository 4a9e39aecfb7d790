package io.emotionstream.fairness.sequential;

/**
 * The statistics of an accuracy: the 95% Wilson score interval of one proportion, and the two-sided p-value of a
 * pooled two-proportion z-test between two groups. Wilson rather than the normal approximation because it stays
 * inside [0, 1] and behaves at small n and at accuracies near 0 or 1, which is where bias shows.
 */
public final class Proportions {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Proportions() {}

    public record Interval(double low, double high) {}

    public static Interval wilson(long correct, long n) {
        if (n == 0) {
            return new Interval(0, 1);
        }
        double p = (double) correct / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** Two-sided p-value that groups 1 and 2 share one accuracy (pooled z-test); 1 when undefined. */
    public static double twoProportionPValue(long correct1, long n1, long correct2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return 1;
        }
        double pooled = (double) (correct1 + correct2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return (double) correct1 / n1 == (double) correct2 / n2 ? 1 : 0;
        }
        double z = Math.abs((double) correct1 / n1 - (double) correct2 / n2) / se;
        return erfc(z / Math.sqrt(2));
    }

    /**
     * Complementary error function, fractional error below 1.2e-7 everywhere (the Chebyshev fit of Numerical
     * Recipes, 2nd ed., section 6.2): plenty for p-values compared with 0.05.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
