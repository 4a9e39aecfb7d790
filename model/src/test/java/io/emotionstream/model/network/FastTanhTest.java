package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FastTanhTest {
    /** The bound FastTanh's comment promises; an exhaustive run over every float in [-12, 12] measured 4.06e-7. */
    private static final double BOUND = 4.1e-7;

    @Test
    void shouldStayWithinItsBoundOfTheExactTanhOnADenseGridOfFloats() {
        // given every 53rd float bit pattern from 0 to 12 (and its negative): ~41 million values, all exponents
        int last = Float.floatToIntBits(12f);
        double worst = 0;
        // when compared with the double-precision tanh
        for (int bits = 0; bits <= last; bits += 53) {
            float x = Float.intBitsToFloat(bits);
            worst = Math.max(worst, Math.abs(FastTanh.of(x) - Math.tanh(x)));
            worst = Math.max(worst, Math.abs(FastTanh.of(-x) - Math.tanh(-x)));
        }
        // then
        assertThat(worst).isLessThanOrEqualTo(BOUND);
    }

    @Test
    void shouldKeepTheSpecialValuesOfTanh() {
        assertThat(FastTanh.of(0f)).isZero();
        assertThat(Float.floatToIntBits(FastTanh.of(-0f))).isEqualTo(Float.floatToIntBits(-0f));
        assertThat((double) FastTanh.of(Float.POSITIVE_INFINITY))
                .isCloseTo(1, offset(BOUND))
                .isLessThanOrEqualTo(1);
        assertThat((double) FastTanh.of(Float.NEGATIVE_INFINITY))
                .isCloseTo(-1, offset(BOUND))
                .isGreaterThanOrEqualTo(-1);
        assertThat((double) FastTanh.of(Float.MAX_VALUE)).isCloseTo(1, offset(BOUND));
        assertThat(FastTanh.of(Float.NaN)).isNaN();
        assertThat(FastTanh.of(Float.MIN_VALUE)).isEqualTo(Float.MIN_VALUE, offset(0f));
    }

    @Test
    void shouldBeOddAndNonDecreasingUpToItsBoundSoItCanBeAppliedAfterAMaxPool() {
        // given sorted random values (SeedForward's activation-after-pool relies on tanh being non-decreasing; float
        // rounding makes any evaluation step back by an ulp here and there, never by more than twice the bound)
        Random random = new Random(7);
        float[] values = new float[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 4);
        }
        java.util.Arrays.sort(values);
        // when / then
        for (int i = 1; i < values.length; i++) {
            assertThat((double) FastTanh.of(values[i])).isGreaterThanOrEqualTo(FastTanh.of(values[i - 1]) - 2 * BOUND);
            assertThat(FastTanh.of(-values[i])).isEqualTo(-FastTanh.of(values[i]));
        }
    }

    @Test
    void shouldGiveTheSameValuesInItsBulkLoopAsOneByOne() {
        // given values in the range a convolution produces, with a length that is not a multiple of a vector
        Random random = new Random(11);
        float[] values = new float[10_007];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 3);
        }
        float[] bulk = values.clone();
        // when the bulk loop runs often enough to be compiled (and vectorised)
        for (int round = 0; round < 200; round++) {
            System.arraycopy(values, 0, bulk, 0, values.length);
            FastTanh.applyInPlace(bulk, values.length - 1);
        }
        // then every value is the scalar one, and the one past the length is untouched
        for (int i = 0; i < values.length - 1; i++) {
            assertThat(bulk[i]).isEqualTo(FastTanh.of(values[i]));
        }
        assertThat(bulk[values.length - 1]).isEqualTo(values[values.length - 1]);
    }
}
