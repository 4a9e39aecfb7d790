package io.emotionstream.model.bundle;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A real (untrained) seed CNN published as a bundle: the serving path is exercised end to end. */
public final class TestModels {
    private TestModels() {}

    public static ModelBundle publishUntrained(Path registry, String name) {
        return publishUntrained(registry, name, FaceLocation.NONE);
    }

    /** One whose manifest says it was trained with face location {@code face}. */
    public static ModelBundle publishUntrained(Path registry, String name, FaceLocation face) {
        return new ModelRegistry(registry)
                .publish(
                        SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 7),
                        UntrainedManifest.draft(name, CnnHyperparameters.SEED_JAFFE, 7)
                                .setPreprocessing(Preprocessing.seed(face).spec()));
    }

    /** A small untrained ComputationGraph: one {@code side}x{@code side} grayscale input (NCHW), {@code classes} softmax outputs. */
    public static ComputationGraph tinyGraph(int side, int classes) {
        ComputationGraphConfiguration config = new NeuralNetConfiguration.Builder()
                .seed(11)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(side, side, 1))
                .addLayer(
                        "conv",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .activation(Activation.RELU)
                                .build(),
                        "image")
                .addLayer(
                        "classes",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(classes)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "conv")
                .setOutputs("classes")
                .build();
        ComputationGraph graph = new ComputationGraph(config);
        graph.init();
        return graph;
    }
}
