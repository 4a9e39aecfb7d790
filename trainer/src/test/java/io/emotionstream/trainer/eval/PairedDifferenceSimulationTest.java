package io.emotionstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.trainer.eval.PairedDifference.Pair;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The paired interval's claim, by simulation: two models scored on the same people's images; each person has their
 * own difficulty (beta, intra-person correlation rho) that both models share, the second model is better by
 * {@code gain} on every image's chance, and half of each image's outcome is shared by the two models (the face),
 * half is each model's own (two trainings disagree on many images even at equal accuracy). Over 2,000 samples of people the 95% interval must cover the true difference
 * at least 93% of the time. The figures are in docs/benchmarks.md.
 */
class PairedDifferenceSimulationTest {
    private static final int RUNS = 2000;
    private static final double AGREEMENT = 0.5;

    @ParameterizedTest(name = "{0} people of {1}-{2} images, accuracy {3}, gain {4}, rho {5}")
    @CsvSource({
        "10, 18, 23, 0.50, 0.00, 0.20",
        "10, 18, 23, 0.50, 0.10, 0.20",
        "10, 18, 23, 0.80, 0.05, 0.30",
        "20, 3, 30, 0.60, 0.10, 0.20",
        "100, 3, 30, 0.90, 0.03, 0.10",
        "100, 3, 30, 0.50, 0.00, 0.30",
    })
    void shouldCoverTheTrueDifferenceAtLeastAsOftenAsItClaims(
            int people, int minImages, int maxImages, double accuracy, double gain, double rho) {
        // given people whose difficulty both models share
        RandomGenerator random = new Well19937c(people * 7919L + minImages + Math.round(accuracy * 1000 + gain * 100));
        BetaDistribution difficulty =
                new BetaDistribution(random, accuracy * (1 - rho) / rho, (1 - accuracy) * (1 - rho) / rho);
        // the estimand: the expected difference for people like these (the gain, less where it is capped at 1)
        double truth = expectedGain(difficulty, gain);
        int covered = 0;
        int rejected = 0;
        double width = 0;
        for (int run = 0; run < RUNS; run++) {
            List<Pair> sample = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                int n = minImages + random.nextInt(maxImages - minImages + 1);
                double first = difficulty.sample();
                double second = Math.min(1, first + gain);
                int hitsFirst = 0;
                int hitsSecond = 0;
                for (int k = 0; k < n; k++) {
                    // half the images are decided by the face (both models right or wrong together), half by each
                    // model's own luck: two trainings disagree on many images even at equal accuracy
                    double u = random.nextDouble();
                    boolean shared = random.nextDouble() < AGREEMENT;
                    hitsFirst += u < first ? 1 : 0;
                    hitsSecond += (shared ? u : random.nextDouble()) < second ? 1 : 0;
                }
                sample.add(new Pair(n, hitsSecond, hitsFirst));
            }

            // when
            PairedDifference d = PairedDifference.of(sample);
            covered += d.covers(truth) ? 1 : 0;
            rejected += d.significant() ? 1 : 0;
            width += d.high() - d.low();
        }

        double coverage = (double) covered / RUNS;
        System.out.printf(
                "people %d images %d-%d accuracy %.2f gain %.2f rho %.2f: coverage %.3f, mean width %.3f, "
                        + "zero excluded in %.3f of runs%n",
                people, minImages, maxImages, accuracy, gain, rho, coverage, width / RUNS, (double) rejected / RUNS);
        // then the interval covers the true difference in at least 93% of runs (95% nominal)
        assertThat(coverage).isGreaterThanOrEqualTo(0.93);
    }

    /** E[min(1, p + gain) - p] over the difficulty distribution, by a fine quadrature of its quantiles. */
    private static double expectedGain(BetaDistribution difficulty, double gain) {
        int steps = 20_000;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            double p = difficulty.inverseCumulativeProbability((i + 0.5) / steps);
            sum += Math.min(1, p + gain) - p;
        }
        return sum / steps;
    }
}
