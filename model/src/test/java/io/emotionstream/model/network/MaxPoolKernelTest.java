package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class MaxPoolKernelTest {

    @Test
    void shouldTakeTheMaximumOfEachTwoByTwoWindow_negativeValuesIncluded() {
        // given one 4x4 plane
        float[] plane = {
            1, 2, 5, 0,
            3, 4, 1, 1,
            0, 0, -1, -2,
            0, 7, -3, -4
        };

        // when pooled 2x2
        float[] pooled = forward(plane, 1, 4, 4, 2, 2);

        // then
        assertThat(pooled).containsExactly(4, 5, 7, -1);
    }

    @Test
    void shouldPoolEveryPlaneOnItsOwn_withAnyWindowThatTilesIt() {
        // given two 3x3 planes: 1..9 and -1..-9
        float[] planes = new float[18];
        for (int i = 0; i < 9; i++) {
            planes[i] = i + 1;
            planes[9 + i] = -(i + 1);
        }

        // when pooled with one 3x3 window, and with 1x3 windows
        assertThat(forward(planes, 2, 3, 3, 3, 3)).containsExactly(9, -1);
        assertThat(forward(planes, 2, 3, 3, 1, 3)).containsExactly(3, 6, 9, -1, -4, -7);
    }

    @Test
    void shouldRouteEachWindowsGradientToItsFirstMaximumOnly() {
        // given a 2x4 plane: a window of equal values, and one whose maximum is bottom-right
        float[] plane = {
            2, 2, 0, 1,
            2, 2, 3, 9
        };

        // when the gradients 5 and 7 flow back
        float[] gradient = backward(plane, new float[] {5, 7}, 1, 2, 4, 2, 2);

        // then the tie goes to the first in row-major order, the rest of each window gets nothing
        assertThat(gradient).containsExactly(5, 0, 0, 0, 0, 0, 0, 7);
    }

    @Test
    void shouldRouteTheGradientOnTheGenericPathToo() {
        float[] plane = {
            1, 8, 8,
            0, 2, 3,
            8, 4, 5
        };

        float[] gradient = backward(plane, new float[] {11}, 1, 3, 3, 3, 3);

        assertThat(gradient).containsExactly(0, 11, 0, 0, 0, 0, 0, 0, 0);
    }

    private static float[] forward(float[] in, int planes, int h, int w, int kh, int kw) {
        FloatBuffer out = FloatBuffer.allocate(in.length / (kh * kw));
        MaxPoolKernel.forward(FloatBuffer.wrap(in), out, planes, h, w, kh, kw);
        return out.array();
    }

    private static float[] backward(float[] in, float[] outGradient, int planes, int h, int w, int kh, int kw) {
        FloatBuffer inGradient = FloatBuffer.allocate(in.length);
        java.util.Arrays.fill(inGradient.array(), Float.NaN); // every value must be written
        MaxPoolKernel.backward(FloatBuffer.wrap(in), FloatBuffer.wrap(outGradient), inGradient, planes, h, w, kh, kw);
        return inGradient.array();
    }
}
