package io.emotionstream.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TrainableHeadTest {
    @BeforeAll
    static void nd4j() {
        NativeRuntime.init();
    }

    @Test
    void shouldTrainTheHeadOnFrozenActivationsExactlyAsTheWholeGraphWithItsStartFrozen() {
        // given a graph whose trainable part starts after a merge (not a layer), frozen the way fine-tuning freezes it
        ComputationGraph reference = frozenBeforeHead(residualNetwork());
        ComputationGraph cutFrom = reference.clone();
        INDArray frozenBefore = reference.getLayer("b").params().dup();
        INDArray headBefore = reference.getLayer("head").params().dup();
        Nd4j.getRandom().setSeed(3);
        INDArray images = Nd4j.rand(DataType.FLOAT, 12, 1, 8, 8);
        INDArray labels = Nd4j.zeros(12, 3);
        for (int i = 0; i < 12; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }

        // when the whole graph takes three steps, and the cut head takes the same three on the merge's activations
        for (int step = 0; step < 3; step++) {
            reference.fit(new DataSet(images, labels));
        }
        TrainableHead head = TrainableHead.cut(cutFrom, "head", 7);
        INDArray[] features = head.frozenPart(images).of(images);
        for (int step = 0; step < 3; step++) {
            head.graph().fit(new MultiDataSet(features, new INDArray[] {labels}));
        }
        ComputationGraph written = head.writeBack();

        // then the head reads the merge, and every weight is what training the whole graph gave
        assertThat(head.boundary()).containsExactly("sum");
        assertThat(head.graph().getVertices())
                .extracting(v -> v.getVertexName())
                .containsExactlyInAnyOrder("sum", "head", "norm", "pool", "out");
        assertThat(reference.getLayer("b").params()).isEqualTo(frozenBefore);
        assertThat(reference.getLayer("head").params()).isNotEqualTo(headBefore);
        for (String layer : new String[] {"a", "b", "head", "norm", "out"}) {
            INDArray expected = reference.getLayer(layer).params();
            INDArray actual = written.getLayer(layer).params();
            assertThat(actual.sub(expected).amaxNumber().doubleValue())
                    .as(layer)
                    .isLessThan(1e-5);
        }
    }

    /** conv a - conv b - add(a, b) - conv head - batch norm - global pooling - softmax output (3 classes). */
    private static ComputationGraph residualNetwork() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
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
                .addLayer(
                        "b",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .activation(Activation.RELU)
                                .build(),
                        "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer(
                        "head",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(5)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "sum")
                .addLayer("norm", new BatchNormalization.Builder().build(), "head")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "norm")
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

    /**
     * Plain SGD: the frozen activations come from ONNX Runtime, a float rounding away from DL4J's, and Adam's first
     * steps turn a gradient's sign, however small the gradient, into a full step.
     */
    private static ComputationGraph frozenBeforeHead(ComputationGraph graph) {
        return new TransferLearning.GraphBuilder(graph)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder()
                        .updater(new Sgd(0.1))
                        .seed(7)
                        .build())
                .setFeatureExtractor("sum")
                .build();
    }
}
