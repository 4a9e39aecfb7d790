package io.emotionstream.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class SeparableSplitTest {

    private static final CNN2DFormat FORMAT = CNN2DFormat.NCHW;

    @Test
    void shouldComputeWhatTheSeparableLayersCompute() {
        // given a graph with two separable convolutions (one with a depth multiplier and a stride) and random weights
        ComputationGraph graph = separableNetwork(FORMAT);
        INDArray images = images(FORMAT, 5);

        // when it is split
        SeparableSplit split = SeparableSplit.of(graph, 3);

        // then each separable layer is two layers and the outputs are the same
        assertThat(split.graph().getConfiguration().getVertices())
                .containsKeys("sep1_depthwise", "sep1", "sep2_depthwise", "sep2");
        assertThat(split.graph().getLayer("sep1_depthwise").conf().getLayer())
                .isInstanceOf(DepthwiseConvolution2D.class);
        INDArray expected = graph.outputSingle(false, images);
        INDArray actual = split.graph().outputSingle(false, images);
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void shouldGiveBackTheSameWeightsWhenNothingWasTrained() {
        // given a split graph
        ComputationGraph graph = separableNetwork(CNN2DFormat.NCHW);
        INDArray before = graph.params().dup();
        SeparableSplit split = SeparableSplit.of(graph, 3);

        // when its weights go back into a copy whose weights were scrambled
        ComputationGraph target = graph.clone();
        target.setParams(Nd4j.rand(before.shape()).castTo(before.dataType()));
        split.writeBackTo(target);

        // then every weight is the original's, exactly
        assertThat(target.params()).isEqualTo(before);
    }

    @Test
    void shouldLearnWhatTheSeparableLayersLearn() {
        // given the same graph twice, one of them split, and the same batches
        ComputationGraph whole = separableNetwork(FORMAT);
        ComputationGraph reference = whole.clone();
        SeparableSplit split = SeparableSplit.of(whole, 3);
        INDArray images = images(FORMAT, 8);
        INDArray labels = Nd4j.zeros(8, 3);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 3, 1);
        }

        // when both take three training steps and the split one is joined again
        for (int step = 0; step < 3; step++) {
            reference.fit(new INDArray[] {images}, new INDArray[] {labels});
            split.graph().fit(new INDArray[] {images}, new INDArray[] {labels});
        }
        split.writeBackTo(whole);

        // then the weights moved, and moved the same way (gradients, weight decay and updater state agree)
        assertThat(whole.params()
                        .sub(separableNetwork(FORMAT).params())
                        .amaxNumber()
                        .doubleValue())
                .isGreaterThan(1e-3);
        for (String layer : new String[] {"sep1", "norm", "sep2", "out"}) {
            double difference = whole.getLayer(layer)
                    .params()
                    .sub(reference.getLayer(layer).params())
                    .amaxNumber()
                    .doubleValue();
            assertThat(difference).as(layer).isLessThan(1e-4);
        }
    }

    @Test
    void shouldKeepChannelsLastSeparableLayersWhole() {
        // split channels-last, the pair computed the same outputs but trained away from DL4J's separable layer (by
        // 0.03-0.06 in three steps, where DL4J's own channels-last and channels-first layers agree exactly)
        ComputationGraph graph = separableNetwork(CNN2DFormat.NHWC);

        assertThat(SeparableSplit.of(graph, 3).graph()).isSameAs(graph);
    }

    @Test
    void shouldLeaveAGraphWithoutSeparableLayersAsItIs() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(5)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(4))
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "in")
                .setOutputs("out")
                .build());
        graph.init();

        assertThat(SeparableSplit.of(graph, 5).graph()).isSameAs(graph);
    }

    /** separable (2 per channel, stride 2, bias) - batch norm - separable (L2, no bias) - global pooling - softmax. */
    private static ComputationGraph separableNetwork(CNN2DFormat format) {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(11)
                .updater(new Adam(0.01))
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(8, 8, 2, format))
                .addLayer(
                        "sep1",
                        new SeparableConvolution2D.Builder(3, 3)
                                .stride(2, 2)
                                .depthMultiplier(2)
                                .nOut(4)
                                .dataFormat(format)
                                .activation(Activation.RELU)
                                .build(),
                        "image")
                .addLayer("norm", new BatchNormalization.Builder().build(), "sep1")
                .addLayer(
                        "sep2",
                        new SeparableConvolution2D.Builder(3, 3)
                                .nOut(5)
                                .hasBias(false)
                                .dataFormat(format)
                                .regularization(java.util.List.of(new L2Regularization(0.01)))
                                .activation(Activation.TANH)
                                .build(),
                        "norm")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sep2")
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
        return graph;
    }

    private static INDArray images(CNN2DFormat format, int count) {
        Nd4j.getRandom().setSeed(42);
        return format == CNN2DFormat.NCHW ? Nd4j.rand(count, 2, 8, 8) : Nd4j.rand(count, 8, 8, 2);
    }
}
