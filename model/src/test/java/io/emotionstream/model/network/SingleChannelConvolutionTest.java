package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

class SingleChannelConvolutionTest {
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "kernel {0}x{1}, pool {2}x{3}")
    @CsvSource({"3, 3, 2, 2", "5, 5, 3, 3", "1, 3, 4, 2", "5, 3, 2, 3"})
    void shouldEqualLibnd4jsConvolutionFollowedByAMaxPool(int kh, int kw, int poolH, int poolW) {
        // given random weights, bias and a batch of images
        Nd4j.getRandom().setSeed(kh * 100L + kw * 10 + poolH);
        INDArray weights = Nd4j.randn(DataType.FLOAT, 8, 1, kh, kw);
        INDArray bias = Nd4j.randn(DataType.FLOAT, 8);
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 1, 48, 48);

        // when convolved and pooled in one pass
        INDArray got = new SingleChannelConvolution(weights, bias, poolH, poolW)
                .convolveAndPool(images, MaxPoolKernel.PooledTransform.NONE);

        // then it is what the "same" convolution op DL4J runs, then the max pool, gives
        INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, 5, 8, 48 / poolH, 48 / poolW);
        MaxPoolKernel.forward(libnd4jConvolution(images, weights, bias), expected, poolH, poolW);
        assertThat(got.shape()).isEqualTo(expected.shape());
        assertThat(got.sub(expected).amaxNumber().doubleValue()).isLessThan(TOLERANCE);
    }

    @Test
    void shouldApplyTheTransformToEveryPooledValueAndAcceptAViewAsInput() {
        // given a batch that is a view (every other image of a larger array)
        Nd4j.getRandom().setSeed(3);
        INDArray weights = Nd4j.randn(DataType.FLOAT, 4, 1, 3, 3);
        INDArray bias = Nd4j.randn(DataType.FLOAT, 4);
        INDArray all = Nd4j.rand(DataType.FLOAT, 6, 1, 48, 48);
        INDArray view = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 6));
        SingleChannelConvolution convolution = new SingleChannelConvolution(weights, bias, 2, 2);

        // when pooled with tanh fused, and without
        INDArray activated = convolution.convolveAndPool(view, FastTanh::applyInPlace);
        INDArray plain = convolution.convolveAndPool(view.dup('c'), MaxPoolKernel.PooledTransform.NONE);

        // then the fused values are tanh of the plain ones
        float[] a = activated.data().asFloat();
        float[] p = plain.data().asFloat();
        assertThat(a).hasSize(3 * 4 * 24 * 24);
        for (int i = 0; i < a.length; i++) {
            assertThat((double) a[i]).isCloseTo(Math.tanh(p[i]), org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }

    @Test
    void shouldRefuseWeightsOfMoreThanOneInputChannelOrAnEvenKernel() {
        assertThatThrownBy(() -> new SingleChannelConvolution(
                        Nd4j.zeros(DataType.FLOAT, 4, 2, 3, 3), Nd4j.zeros(DataType.FLOAT, 4), 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SingleChannelConvolution(
                        Nd4j.zeros(DataType.FLOAT, 4, 1, 2, 2), Nd4j.zeros(DataType.FLOAT, 4), 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static INDArray libnd4jConvolution(INDArray x, INDArray weights, INDArray bias) {
        int kh = (int) weights.size(2);
        int kw = (int) weights.size(3);
        INDArray z = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), weights.size(0), x.size(2), x.size(3));
        Nd4j.exec(DynamicCustomOp.builder("conv2d")
                .addInputs(x, weights, bias)
                .addOutputs(z)
                .addIntegerArguments(kh, kw, 1, 1, (kh - 1) / 2, (kw - 1) / 2, 1, 1, 1, 0, 1)
                .build());
        return z;
    }
}
