package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmpiricalBernsteinSequenceTest {
    @Test
    void shouldCoverTheMeanAtEveryStepOfAlmostEveryStream() {
        // given 400 streams of 3,000 observations: a mix of a point mass and a uniform (mean 0.3 + 0.35 = 0.65)
        double alpha = 0.1;
        int everMissed = 0;
        for (int stream = 0; stream < 400; stream++) {
            SplittableRandom random = new SplittableRandom(stream);
            EmpiricalBernsteinSequence sequence = new EmpiricalBernsteinSequence();
            boolean missed = false;
            for (int t = 0; t < 3_000 && !missed; t++) {
                double x = random.nextBoolean() ? 0.6 : 0.4 + random.nextDouble() * 0.6;
                sequence.add(x, alpha);
                Proportions.Interval interval = sequence.interval();
                missed = interval.low() > 0.65 || interval.high() < 0.65;
            }
            everMissed += missed ? 1 : 0;
        }
        // then the share of streams whose sequence ever missed stays below alpha (the guarantee is at most alpha)
        assertThat(everMissed / 400.0).isLessThan(alpha);
    }

    @Test
    void shouldNarrowWithTheVarianceWhereTheSubGaussianSequenceCannot() {
        // given 2,000 observations spread by only +-0.05 around 0.5
        SplittableRandom random = new SplittableRandom(7);
        EmpiricalBernsteinSequence sequence = new EmpiricalBernsteinSequence();
        double sum = 0;
        for (int t = 0; t < 2_000; t++) {
            double x = 0.45 + random.nextDouble() * 0.1;
            sequence.add(x, 0.05);
            sum += x;
        }

        // then its width is a fraction of the range-based (Robbins) sequence's at the same level
        double width = sequence.interval().high() - sequence.interval().low();
        Proportions.Interval robbins = ConfidenceSequence.tunedFor(0.05, 2_000).interval(sum, 2_000);
        assertThat(width).isLessThan((robbins.high() - robbins.low()) / 4);
        assertThat(sequence.interval().low()).isLessThan(0.5);
        assertThat(sequence.interval().high()).isGreaterThan(0.5);
    }

    @Test
    void shouldSpanEverythingBeforeTheFirstObservation_andIgnoreNaN() {
        EmpiricalBernsteinSequence sequence = new EmpiricalBernsteinSequence();
        sequence.add(Double.NaN, 0.05);

        assertThat(sequence.count()).isZero();
        assertThat(sequence.interval().low()).isZero();
        assertThat(sequence.interval().high()).isEqualTo(1);
    }
}
