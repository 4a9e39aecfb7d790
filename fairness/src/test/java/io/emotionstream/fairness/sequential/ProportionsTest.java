package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values computed independently with Python's math.erfc and the textbook formulas. */
class ProportionsTest {
    @Test
    void shouldGiveTheWilsonIntervalOfTextbooks() {
        assertThat(Proportions.wilson(23, 37).low()).isCloseTo(0.46100430439217654, within(1e-12));
        assertThat(Proportions.wilson(23, 37).high()).isCloseTo(0.7593600082420173, within(1e-12));
        assertThat(Proportions.wilson(0, 10).low()).isCloseTo(0.0, within(1e-12));
        assertThat(Proportions.wilson(10, 10).high()).isCloseTo(1.0, within(1e-12));
        assertThat(Proportions.wilson(0, 0)).isEqualTo(new Proportions.Interval(0, 1));
    }

    @Test
    void shouldGiveThePValueOfAPooledTwoProportionZTest() {
        assertThat(Proportions.twoProportionPValue(18, 20, 4, 20)).isCloseTo(8.60736024810544e-06, within(1e-9));
        assertThat(Proportions.twoProportionPValue(10, 20, 10, 20)).isCloseTo(1.0, within(1e-7));
        assertThat(Proportions.twoProportionPValue(5, 0, 4, 20)).isEqualTo(1.0);
    }

    @Test
    void shouldApproximateErfcClosely() {
        assertThat(Proportions.erfc(0)).isCloseTo(1.0, within(1e-7));
        assertThat(Proportions.erfc(1)).isCloseTo(0.15729920705028513, within(1e-7));
        assertThat(Proportions.erfc(-1)).isCloseTo(1.8427007929497148, within(1e-7));
    }
}
