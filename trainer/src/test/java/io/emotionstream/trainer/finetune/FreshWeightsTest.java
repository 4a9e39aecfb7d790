package io.emotionstream.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.PretrainedGraphs;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

class FreshWeightsTest {
    private static final Preprocessing INPUT = PretrainedGraphs.INPUT;
    private static final String[] LAYERS = {"conv", "separable", "norm", "head"};

    @BeforeAll
    static void nd4j() {
        NativeRuntime.init();
    }

    @Test
    void shouldKeepTheArchitectureAndDrawNewWeightsFromTheSeed() {
        // given a parent graph with its own weights
        ParentGraph parent = new ParentGraph(separableNetwork(), false);

        // when its weights are drawn afresh twice with one seed and once with another
        ParentGraph fresh = parent.withFreshWeights(7);
        ParentGraph again = parent.withFreshWeights(7);
        ParentGraph other = parent.withFreshWeights(8);

        // then the layers are the parent's, the weights are not, and a seed gives the same weights
        assertThat(fresh.freshWeights()).isTrue();
        assertThat(parent.freshWeights()).isFalse();
        assertThat(fresh.graph().getConfiguration().getVertices().keySet())
                .isEqualTo(parent.graph().getConfiguration().getVertices().keySet());
        assertThat(fresh.graph().numParams()).isEqualTo(parent.graph().numParams());
        assertThat(fresh.graph().getLayer("separable").params())
                .isNotEqualTo(parent.graph().getLayer("separable").params());
        assertThat(again.graph().params()).isEqualTo(fresh.graph().params());
        assertThat(other.graph().params()).isNotEqualTo(fresh.graph().params());
        // and batch normalisation's running mean starts at 0 again (the parent's was 0.5)
        assertThat(fresh.graph().getLayer("norm").getParam("mean").amaxNumber().doubleValue())
                .isZero();
    }

    @Test
    void shouldTrainEveryLayerFromTheFirstAndServeTheSeparableLayerWhole() {
        // given fresh weights in a network with a separable convolution, and synthetic faces
        ComputationGraph start =
                new ParentGraph(separableNetwork(), false).withFreshWeights(3).graph();
        String first = GraphFineTuner.Start.firstLayer(start);
        Map<String, INDArray> before = Map.of(
                "conv",
                start.getLayer("conv").params().dup(),
                "separable",
                start.getLayer("separable").params().dup(),
                "norm",
                start.getLayer("norm").params().dup(),
                "head",
                start.getLayer("head").params().dup());
        Dataset faces = DataSources.load("synthetic:a:6:2", "auto", Map.of(), 7, INPUT);
        List<Sample> train = faces.samples().subList(0, 48);
        List<Sample> validation = faces.samples().subList(48, faces.size());

        // when it is trained from its first layer (the separable one trained as its two halves)
        GraphFineTuner.Result result = new GraphFineTuner(
                        new TrainingConfig(3, 16, 3, 80, 0, 3),
                        GraphFineTuner.Options.of(0.01),
                        TrainingListener.SILENT)
                .fineTune(
                        new GraphFineTuner.Start(start, first, INPUT.format(), false, PretrainedGraphs.SEVEN),
                        train,
                        validation);

        // then the first layer is the one reading the image, every layer moved, and the graph has its own layers again
        assertThat(first).isEqualTo("conv");
        for (String layer : LAYERS) {
            assertThat(result.graph().getLayer(layer).params()).as(layer).isNotEqualTo(before.get(layer));
        }
        assertThat(result.graph().getLayer("separable").conf().getLayer()).isInstanceOf(SeparableConvolution2D.class);
        assertThat(result.graph().getConfiguration().getVertices())
                .doesNotContainKey("separable" + SeparableSplit.DEPTHWISE_SUFFIX);
    }

    /** conv - separable - batch norm - global pooling - dense 7 - softmax activation, as an import ends. */
    private static ComputationGraph separableNetwork() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(5)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(16, 16, 1))
                .addLayer(
                        "conv",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .activation(Activation.RELU)
                                .build(),
                        "image")
                .addLayer(
                        "separable",
                        new SeparableConvolution2D.Builder(3, 3)
                                .nOut(6)
                                .hasBias(false)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "conv")
                .addLayer("norm", new BatchNormalization.Builder().build(), "separable")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "norm")
                .addLayer(
                        "head",
                        new DenseLayer.Builder()
                                .nOut(7)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "pool")
                .addLayer(
                        "predictions",
                        new ActivationLayer.Builder()
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "head")
                .setOutputs("predictions")
                .build());
        graph.init();
        graph.getLayer("norm")
                .setParam("mean", graph.getLayer("norm").getParam("mean").add(0.5));
        return graph;
    }
}
