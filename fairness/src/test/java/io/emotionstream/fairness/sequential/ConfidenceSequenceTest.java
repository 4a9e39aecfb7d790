package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The confidence sequence's promise, checked by simulation: over many streams of labels with a known accuracy,
 * looking after every label, the share of streams whose interval ever misses the true accuracy stays at or below
 * alpha. The same streams checked with the fixed-sample Wilson interval after every label show why it is needed.
 * The full-size figure (1,000 streams of 20,000 labels) is the calibration benchmark's; this is the fast check.
 */
class ConfidenceSequenceTest {
    private static final double ALPHA = 0.05;
    private static final int STREAMS = 400;
    private static final int LABELS = 2_000;

    @Test
    void shouldCoverTheTrueAccuracyAtEveryLookInAllButAlphaOfStreams() {
        // given streams of labels with known accuracies, near the middle and near the top
        for (double accuracy : new double[] {0.5, 0.9}) {
            ConfidenceSequence sequence = ConfidenceSequence.tunedFor(ALPHA, 30);

            // when every stream is checked after every label
            double missed = missRate(accuracy, new SplittableRandom(7), (k, n) -> sequence.interval(k, n));
            double missedByWilson = missRate(accuracy, new SplittableRandom(7), Proportions::wilson);

            // then the sequence keeps its promise, and the fixed-sample interval, peeked at, does not
            assertThat(missed).as("confidence sequence, accuracy %s", accuracy).isLessThanOrEqualTo(ALPHA);
            assertThat(missedByWilson)
                    .as("Wilson after every label, accuracy %s", accuracy)
                    .isGreaterThan(2 * ALPHA);
        }
    }

    @Test
    void shouldNarrowAsLabelsArriveAndStayWithinTheUnitInterval() {
        ConfidenceSequence sequence = ConfidenceSequence.tunedFor(ALPHA, 30);

        Proportions.Interval few = sequence.interval(9, 10);
        Proportions.Interval many = sequence.interval(9_000, 10_000);

        assertThat(few.low()).isGreaterThanOrEqualTo(0);
        assertThat(few.high()).isEqualTo(1);
        assertThat(many.high() - many.low()).isLessThan(few.high() - few.low()).isLessThan(0.05);
        assertThat(many.low()).isLessThan(0.9).isGreaterThan(0.85);
        assertThat(sequence.interval(0, 0)).isEqualTo(new Proportions.Interval(0, 1));
    }

    @Test
    void shouldBeWiderThanWilsonAtAnyOneSampleSize() {
        ConfidenceSequence sequence = ConfidenceSequence.tunedFor(ALPHA, 30);
        for (long n : new long[] {30, 300, 3_000}) {
            Proportions.Interval anytime = sequence.interval(n * 8 / 10, n);
            Proportions.Interval fixed = Proportions.wilson(n * 8 / 10, n);
            assertThat(anytime.high() - anytime.low()).as("n=%d", n).isGreaterThan(fixed.high() - fixed.low());
        }
    }

    private interface IntervalRule {
        Proportions.Interval of(long successes, long n);
    }

    private static double missRate(double accuracy, SplittableRandom random, IntervalRule rule) {
        int missed = 0;
        for (int s = 0; s < STREAMS; s++) {
            long successes = 0;
            for (int n = 1; n <= LABELS; n++) {
                successes += random.nextDouble() < accuracy ? 1 : 0;
                Proportions.Interval interval = rule.of(successes, n);
                if (accuracy < interval.low() || accuracy > interval.high()) {
                    missed++;
                    break;
                }
            }
        }
        return (double) missed / STREAMS;
    }
}
