package io.emotionstream.trainer.imported;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ChannelsFirstTest {
    @Test
    void shouldComputeWhatTheChannelsLastGraphComputesOnPlainKernels() {
        // given a channels-last graph with mini-Xception's kinds of layers and non-trivial batch-norm statistics
        NativeRuntime.init();
        ComputationGraphConfiguration config = nhwcConfig();
        INDArray params =
                Nd4j.rand(new long[] {1, graph(config, null).numParams()}).addi(0.1);
        ComputationGraph reference = NativeRuntime.withoutLayerHelpers(() -> graph(config, params));
        INDArray images = Nd4j.rand(new int[] {4, 20, 20, 1}).muli(2).subi(1);

        // when
        ComputationGraph nchw = ChannelsFirst.of(graph(config, params)).orElseThrow();

        // then the same probabilities from the same pixels laid out [n, 1, h, w]
        INDArray expected = reference.outputSingle(false, images);
        INDArray actual = nchw.outputSingle(false, images.reshape(4, 1, 20, 20));
        assertThat(actual.shape()).containsExactly(4, 5);
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(nchw.getConfiguration().toJson()).doesNotContain("NHWC");
    }

    @Test
    void shouldLeaveAGraphWithAFlattenAlone() {
        ComputationGraphConfiguration config = new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 1, CNN2DFormat.NHWC))
                .addLayer(
                        "conv",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(2)
                                .dataFormat(CNN2DFormat.NHWC)
                                .build(),
                        "in")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(5)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "conv")
                .setOutputs("out")
                .build();

        assertThat(ChannelsFirst.of(graph(config, null))).isEmpty();
    }

    private static ComputationGraphConfiguration nhwcConfig() {
        CNN2DFormat nhwc = CNN2DFormat.NHWC;
        return new NeuralNetConfiguration.Builder()
                .seed(3)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(20, 20, 1, nhwc))
                .addLayer(
                        "conv",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(8)
                                .hasBias(false)
                                .dataFormat(nhwc)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "in")
                .addLayer(
                        "bn", new BatchNormalization.Builder().dataFormat(nhwc).build(), "conv")
                .addLayer(
                        "separable",
                        new SeparableConvolution2D.Builder(3, 3)
                                .nOut(16)
                                .hasBias(false)
                                .dataFormat(nhwc)
                                .activation(Activation.RELU)
                                .build(),
                        "bn")
                .addLayer(
                        "pool",
                        new SubsamplingLayer.Builder(PoolingType.MAX)
                                .kernelSize(3, 3)
                                .stride(2, 2)
                                .dataFormat(nhwc)
                                .build(),
                        "separable")
                .addLayer(
                        "bn2", new BatchNormalization.Builder().dataFormat(nhwc).build(), "pool")
                .addLayer(
                        "classes",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(5)
                                .dataFormat(nhwc)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "bn2")
                .addLayer(
                        "gap",
                        new GlobalPoolingLayer.Builder(PoolingType.AVG)
                                .poolingDimensions(1, 2)
                                .build(),
                        "classes")
                .addLayer(
                        "out",
                        new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "gap")
                .setOutputs("out")
                .build();
    }

    private static ComputationGraph graph(ComputationGraphConfiguration config, INDArray params) {
        ComputationGraph graph = new ComputationGraph(config.clone());
        if (params == null) {
            graph.init();
        } else {
            graph.init(params.dup(), false);
        }
        return graph;
    }
}
