package io.emotionstream.trainer.imported.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.model.network.OnnxModel;
import io.emotionstream.model.runtime.NativeRuntime;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GraphToOnnxTest {
    /** 3x3 max pooling with stride 2 over 16 pixels pads one pixel: 'same' puts it at the end, never the start. */
    private static final int SIDE = 16;

    private static final int CLASSES = 7;

    @BeforeAll
    static void nd4j() {
        NativeRuntime.init();
    }

    @Test
    void shouldComputeWhatTheDl4jGraphComputesOnOnnxRuntime() {
        // given a residual block like mini-Xception's, with trained-looking batch normalisation statistics
        ComputationGraph graph = residualBlock(false);
        randomiseStatistics(graph, "bn");

        // when
        float[][] onnx = onnxRuntime(graph, images(5));

        // then
        float[][] dl4j = graph.outputSingle(false, Nd4j.create(images(5), new long[] {5, 1, SIDE, SIDE}, 'c'))
                .toFloatMatrix();
        assertThat(maxDifference(onnx, dl4j)).isLessThan(1e-5);
    }

    @Test
    void shouldReadTheVarianceFromTheLogDeviationDl4jTrainsWith() {
        ComputationGraph graph = residualBlock(true);
        randomiseStatistics(graph, "bn");

        float[][] onnx = onnxRuntime(graph, images(3));

        float[][] dl4j = graph.outputSingle(false, Nd4j.create(images(3), new long[] {3, 1, SIDE, SIDE}, 'c'))
                .toFloatMatrix();
        assertThat(graph.getLayer("bn").paramTable()).containsKey("log10stdev");
        assertThat(maxDifference(onnx, dl4j)).isLessThan(1e-5);
    }

    @Test
    void shouldNameTheVertexItCannotWrite() {
        ComputationGraph averagePooling = graph(new NeuralNetConfiguration.Builder()
                .seed(3)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(SIDE, SIDE, 1))
                .addLayer(
                        "avg",
                        new SubsamplingLayer.Builder(
                                        SubsamplingLayer.PoolingType.AVG, new int[] {2, 2}, new int[] {2, 2})
                                .build(),
                        "image")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "avg")
                .addLayer(
                        "classes",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(CLASSES)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "pool")
                .setOutputs("classes")
                .build());

        assertThatThrownBy(() -> GraphToOnnx.convert(averagePooling, SIDE, CLASSES, "test"))
                .isInstanceOf(GraphToOnnx.Unsupported.class)
                .hasMessage("avg: AVG pooling (max is written)");
    }

    private static ComputationGraph residualBlock(boolean logStd) {
        return graph(new NeuralNetConfiguration.Builder()
                .seed(11)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(SIDE, SIDE, 1))
                .addLayer(
                        "conv",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "image")
                .addLayer(
                        "bn", new BatchNormalization.Builder().useLogStd(logStd).build(), "conv")
                .addLayer(
                        "relu",
                        new ActivationLayer.Builder()
                                .activation(Activation.RELU)
                                .build(),
                        "bn")
                .addLayer(
                        "separable",
                        new SeparableConvolution2D.Builder(3, 3)
                                .nOut(6)
                                .depthMultiplier(2)
                                .hasBias(true)
                                .activation(Activation.TANH)
                                .build(),
                        "relu")
                .addLayer(
                        "pool",
                        new SubsamplingLayer.Builder(
                                        SubsamplingLayer.PoolingType.MAX, new int[] {3, 3}, new int[] {2, 2})
                                .build(),
                        "separable")
                .addLayer(
                        "shortcut",
                        new ConvolutionLayer.Builder(1, 1)
                                .stride(2, 2)
                                .nOut(6)
                                .hasBias(false)
                                .activation(Activation.SIGMOID)
                                .build(),
                        "relu")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "pool", "shortcut")
                .addLayer("global", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .addLayer(
                        "classes",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(CLASSES)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "global")
                .setOutputs("classes")
                .build());
    }

    private static ComputationGraph graph(ComputationGraphConfiguration config) {
        ComputationGraph graph = new ComputationGraph(config);
        graph.init();
        return graph;
    }

    /** Means and variances far from DL4J's initial 0 and 1, so that a mix-up of the two would show. */
    private static void randomiseStatistics(ComputationGraph graph, String layer) {
        var params = graph.getLayer(layer).paramTable();
        Random random = new Random(5);
        for (String name : params.keySet()) {
            var values = params.get(name);
            for (long i = 0; i < values.length(); i++) {
                double v = switch (name) {
                    case "var" -> 0.2 + random.nextDouble() * 3;
                    case "log10stdev" -> random.nextDouble() - 0.5;
                    default -> random.nextGaussian();
                };
                values.putScalar(i, v);
            }
        }
    }

    private static float[][] onnxRuntime(ComputationGraph graph, float[] images) {
        byte[] onnx = GraphToOnnx.convert(graph, SIDE, CLASSES, "test");
        return OnnxModel.load(onnx).run(images, images.length / (SIDE * SIDE));
    }

    private static float[] images(int count) {
        Random random = new Random(count);
        float[] pixels = new float[count * SIDE * SIDE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256) / 255f;
        }
        return pixels;
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
