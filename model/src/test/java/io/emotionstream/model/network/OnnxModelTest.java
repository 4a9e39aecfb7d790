package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.schemas.model.OutputKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxModelTest {
    private static final TensorFormat FORMAT = new TensorFormat(OnnxFixtures.SIDE, PixelScale.UNIT);

    @Test
    void shouldComputeWhatPyTorchComputedForAnExportedClassifier() {
        // given a PyTorch classifier ending in a linear layer, exported with torch.onnx, and PyTorch's own logits
        OnnxFixtures.Expected pytorch = OnnxFixtures.expected("tiny-logits");
        OnnxModel model = OnnxModel.load(OnnxFixtures.bytes("tiny-logits.onnx"));

        // when both images run in one batch
        float[][] logits = model.run(flat(pytorch.inputs()), 2);

        // then
        assertThat(model.inputShape()).containsExactly(-1, 1, 16, 16);
        assertThat(model.outputShape()).containsExactly(-1, 7);
        assertThat(model.takesBatches()).isTrue();
        for (int i = 0; i < 2; i++) {
            assertThat(logits[i]).containsExactly(pytorch.outputs()[i], within(1e-5f));
        }
    }

    @Test
    void shouldTurnLogitsIntoTheProbabilitiesOfTheSameNetworkEndingInASoftmax() {
        // given the same network exported with and without a final softmax
        OnnxFixtures.Expected withSoftmax = OnnxFixtures.expected("tiny-softmax");
        NetworkForward logits =
                new OnnxForward(OnnxModel.load(OnnxFixtures.bytes("tiny-logits.onnx")), OutputKind.LOGITS);
        NetworkForward probabilities =
                new OnnxForward(OnnxModel.load(OnnxFixtures.bytes("tiny-softmax.onnx")), OutputKind.PROBABILITIES);
        List<float[]> images = Arrays.asList(withSoftmax.inputs());

        // when
        float[][] fromLogits = logits.probabilities(NetworkInput.of(images, FORMAT, false));
        float[][] fromSoftmax = probabilities.probabilities(NetworkInput.of(images, FORMAT, false));

        // then both are PyTorch's softmax
        for (int i = 0; i < 2; i++) {
            assertThat(fromLogits[i]).containsExactly(withSoftmax.outputs()[i], within(1e-6f));
            assertThat(fromSoftmax[i]).containsExactly(withSoftmax.outputs()[i], within(1e-6f));
        }
        assertThat(logits.path()).isEqualTo("onnx-runtime");
    }

    @Test
    void shouldRunAFileExportedForOneImageAtATimeOnABatch() {
        // given torch.onnx.export's default: the batch dimension fixed to the example's single image
        OnnxFixtures.Expected pytorch = OnnxFixtures.expected("tiny-logits");
        OnnxModel model = OnnxModel.load(OnnxFixtures.bytes("tiny-batch-one.onnx"));

        // when a batch of two is served
        float[][] rows = new OnnxForward(model, OutputKind.PROBABILITIES)
                .probabilities(NetworkInput.of(Arrays.asList(pytorch.inputs()), FORMAT, false));

        // then image by image, each row the network's own output
        assertThat(model.takesBatches()).isFalse();
        assertThat(rows).hasDimensions(2, 7);
        for (int i = 0; i < 2; i++) {
            assertThat(rows[i]).containsExactly(pytorch.outputs()[i], within(1e-5f));
        }
    }

    @Test
    void shouldTakeChannelsLastInputAsTheSameFloats() {
        OnnxFixtures.Expected pytorch = OnnxFixtures.expected("tiny-nhwc");
        OnnxModel model = OnnxModel.load(OnnxFixtures.bytes("tiny-nhwc.onnx"));

        float[][] rows = new OnnxForward(model, OutputKind.PROBABILITIES)
                .probabilities(NetworkInput.of(Arrays.asList(pytorch.inputs()), FORMAT, true));

        assertThat(model.inputShape()).containsExactly(-1, 16, 16, 1);
        assertThat(rows[1]).containsExactly(pytorch.outputs()[1], within(1e-5f));
    }

    @Test
    void shouldRefuseBytesThatAreNotAModel() {
        byte[] half = OnnxFixtures.bytes("truncated.onnx");
        byte[] text = "{\"not\": \"a model\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        for (byte[] bad : List.of(half, text)) {
            assertThatThrownBy(() -> OnnxModel.load(bad))
                    .isInstanceOfSatisfying(
                            OnnxModelException.class,
                            e -> assertThat(e.kind()).isEqualTo(OnnxModelException.Kind.NOT_ONNX));
        }
    }

    @Test
    void shouldRefuseANetworkWithTwoOutputs() {
        assertThatThrownBy(() -> OnnxModel.load(OnnxFixtures.bytes("two-outputs.onnx")))
                .isInstanceOfSatisfying(OnnxModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(OnnxModelException.Kind.UNSUPPORTED_OUTPUT);
                    assertThat(e).hasMessageContaining("2 outputs");
                });
    }

    @Test
    void shouldKeepSoftmaxFiniteForLargeLogits() {
        float[] row = {1000f, 999f, -1000f};

        OnnxForward.softmaxInPlace(row);

        assertThat(row[0] / row[1]).isCloseTo((float) Math.E, within(1e-4f));
        assertThat(row[0] + row[1] + row[2]).isCloseTo(1f, within(1e-6f));
        assertThat(row[2]).isZero();
    }

    private static float[] flat(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }
}
