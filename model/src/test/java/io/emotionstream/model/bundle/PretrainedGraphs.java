package io.emotionstream.model.bundle;

import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/** For tests of fine-tuning (trainer, retrainer): a small network shaped like a Keras import (no loss layer; it ends in a softmax activation), untrained. */
public final class PretrainedGraphs {
    public static final List<String> SEVEN =
            List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral");
    /** Its input: 16x16 gray in [0, 1], the whole image. */
    public static final Preprocessing INPUT =
            new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.UNIT));

    private PretrainedGraphs() {}

    /** conv - global pooling - dense 7 ("head") - softmax activation ("predictions"). */
    public static ComputationGraph importedLike() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(5)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(16, 16, 1))
                .addLayer(
                        "conv",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(8)
                                .activation(Activation.RELU)
                                .build(),
                        "image")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
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
        return graph;
    }
}
