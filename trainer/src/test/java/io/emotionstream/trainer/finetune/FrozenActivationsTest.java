package io.emotionstream.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.runtime.NativeRuntime;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FrozenActivationsTest {
    @BeforeAll
    static void nd4j() {
        NativeRuntime.init();
    }

    @Test
    void shouldRunATranslatableFrozenPartOnOnnxRuntimeWithDl4jsActivations() {
        // given a frozen part of convolutions, batch norm and an add, and 70 images (more than one chunk)
        ComputationGraph graph = network(false);
        INDArray images = images(70);

        // when its activations are computed
        FrozenActivations frozen =
                FrozenActivations.choose(graph, List.of("sum"), images.get(NDArrayIndex.interval(0, 8)));
        INDArray actual = frozen.of(images)[0];

        // then ONNX Runtime computed them, in DL4J's shape, equal to DL4J's own
        INDArray expected = graph.feedForward(images, false).get("sum");
        assertThat(frozen.engine()).startsWith("ONNX Runtime");
        assertThat(actual.shape()).containsExactly(expected.shape());
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-4);
    }

    @Test
    void shouldFallBackToDl4jForAFrozenPartWithNoOnnxTranslation() {
        // given a frozen part with an upsampling layer (not translated)
        ComputationGraph graph = network(true);
        INDArray images = images(10);

        // when its activations are computed
        FrozenActivations frozen = FrozenActivations.choose(graph, List.of("sum"), images);
        INDArray actual = frozen.of(images)[0];

        // then DL4J computed them, and says why
        assertThat(frozen.engine())
                .startsWith("DL4J graph (no ONNX translation")
                .contains("up");
        assertThat(actual).isEqualTo(graph.feedForward(images, false).get("sum"));
    }

    private static INDArray images(int count) {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.FLOAT, count, 1, 8, 8);
    }

    /** conv a - batch norm - conv b (- upsampling - pooling) - add(a, b) - conv head - pooling - output. */
    private static ComputationGraph network(boolean upsampling) {
        var builder = new NeuralNetConfiguration.Builder()
                .seed(11)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer(
                        "a",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .activation(Activation.RELU)
                                .build(),
                        "image")
                .addLayer("norm", new BatchNormalization.Builder().build(), "a")
                .addLayer(
                        "b",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .activation(Activation.TANH)
                                .build(),
                        "norm");
        String last = "b";
        if (upsampling) {
            builder.addLayer("up", new Upsampling2D.Builder(2).build(), "b")
                    .addLayer(
                            "down",
                            new SubsamplingLayer.Builder(2, 2).stride(2, 2).build(),
                            "up");
            last = "down";
        }
        ComputationGraph graph = new ComputationGraph(
                builder.addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", last)
                        .addLayer(
                                "head",
                                new ConvolutionLayer.Builder(3, 3)
                                        .nOut(5)
                                        .activation(Activation.IDENTITY)
                                        .build(),
                                "sum")
                        .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "head")
                        .addLayer(
                                "out",
                                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                        .nOut(3)
                                        .activation(Activation.SOFTMAX)
                                        .build(),
                                "pool")
                        .setOutputs("out")
                        .build());
        graph.init();
        // batch norm with statistics of its own, so a translation that ignored them would differ
        graph.getLayer("norm")
                .setParams(graph.getLayer("norm")
                        .params()
                        .assign(Nd4j.rand(
                                        DataType.FLOAT,
                                        graph.getLayer("norm").params().shape())
                                .addi(0.5)));
        return graph;
    }
}
