package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixDriftEvidenceTest {
    private static final double[] REFERENCE = {0.1, 0.05, 0.1, 0.35, 0.2, 0.2};

    @Test
    void shouldComputeLogGammaAsTheFactorialsAndSqrtPi() {
        assertThat(MixDriftEvidence.logGamma(10)).isCloseTo(Math.log(362_880), within(1e-12));
        assertThat(MixDriftEvidence.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
        assertThat(MixDriftEvidence.logGamma(1)).isCloseTo(0, within(1e-12));
        assertThat(MixDriftEvidence.logGamma(100.5)).isCloseTo(361.4355404677776, within(1e-9)); // Python math.lgamma
    }

    @Test
    void shouldRarelyEverCrossOneOverAlphaWhenPredictionsFollowTheReference() {
        // given 500 streams of 5,000 predictions drawn from the reference mix, checked after every prediction
        int crossed = 0;
        double alpha = 0.05;
        for (int stream = 0; stream < 500; stream++) {
            SplittableRandom random = new SplittableRandom(stream);
            long[] counts = new long[REFERENCE.length];
            for (int t = 0; t < 5_000; t++) {
                counts[draw(REFERENCE, random)]++;
                if (MixDriftEvidence.logEValue(counts, REFERENCE) >= Math.log(1 / alpha)) {
                    crossed++;
                    break;
                }
            }
        }
        // then the share that ever crossed is below alpha (Ville's inequality)
        assertThat(crossed / 500.0).isLessThan(alpha);
    }

    @Test
    void shouldGrowPastTheThresholdWhenTheMixHasShifted() {
        // given predictions whose happiness share fell from 0.35 to 0.25 (its share moved to sadness)
        double[] shifted = {0.1, 0.05, 0.1, 0.25, 0.3, 0.2};
        SplittableRandom random = new SplittableRandom(3);
        long[] counts = new long[REFERENCE.length];
        int until = -1;
        for (int t = 1; t <= 20_000 && until < 0; t++) {
            counts[draw(shifted, random)]++;
            if (MixDriftEvidence.logEValue(counts, REFERENCE) >= Math.log(240 / 0.05 * 3)) {
                until = t;
            }
        }
        // then the evidence reaches a Bonferroni threshold of thousands within a few thousand predictions
        assertThat(until).isBetween(1, 5_000);
    }

    private static int draw(double[] p, SplittableRandom random) {
        double u = random.nextDouble();
        for (int k = 0; k < p.length - 1; k++) {
            u -= p[k];
            if (u < 0) {
                return k;
            }
        }
        return p.length - 1;
    }
}
