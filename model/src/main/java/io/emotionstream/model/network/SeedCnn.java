package io.emotionstream.model.network;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.InputSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The seed notebook's CNN, layer for layer (Keras summary: 609,094 parameters):
 * conv 32 3x3 same -> maxpool 2 -> dropout -> conv 64 3x3 same -> maxpool 2 -> dropout -> dense 64 -> dropout
 * -> dense 6 softmax. Input is the preprocessed 48x48x1 tensor (the notebook's 1/255 rescaling lives in
 * {@link ImagePreprocessor}).
 *
 * <p>Keras defaults are kept where they change results: glorot-uniform kernels, zero biases, Adam/RMSprop epsilon
 * 1e-7, RMSprop rho 0.9. DL4J's dropout argument is the keep probability, so a Keras rate r becomes 1 - r.
 */
public final class SeedCnn {
    public static final int PARAMETERS = 609_094;
    private static final double KERAS_EPSILON = 1e-7;

    private SeedCnn() {}

    public static MultiLayerNetwork build(CnnHyperparameters hp, long seed) {
        MultiLayerNetwork network = new SeedNetwork(configuration(hp, seed));
        network.init();
        return network;
    }

    public static MultiLayerConfiguration configuration(CnnHyperparameters hp, long seed) {
        NativeRuntime.init();
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0.0)
                .updater(updater(hp))
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3)
                        .name("conv1")
                        .nOut(32)
                        .convolutionMode(ConvolutionMode.Same)
                        .activation(dl4j(hp.activation1()))
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .name("pool1")
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new DropoutLayer.Builder(1 - hp.dropout1())
                        .name("dropout1")
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3)
                        .name("conv2")
                        .nOut(64)
                        .convolutionMode(ConvolutionMode.Same)
                        .activation(dl4j(hp.activation2()))
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .name("pool2")
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new DropoutLayer.Builder(1 - hp.dropout2())
                        .name("dropout2")
                        .build())
                .layer(new DenseLayer.Builder()
                        .name("dense")
                        .nOut(64)
                        .activation(dl4j(hp.denseActivation()))
                        .build())
                .layer(new DropoutLayer.Builder(1 - hp.dropout3())
                        .name("dropout3")
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .name("output")
                        .nOut(Emotion.SIX_COUNT)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(ImagePreprocessor.SIZE, ImagePreprocessor.SIZE, 1))
                .build();
    }

    public static InputSpec inputSpec() {
        return new InputSpec(ImagePreprocessor.SIZE, ImagePreprocessor.SIZE, 1, "NCHW");
    }

    private static IUpdater updater(CnnHyperparameters hp) {
        return switch (hp.optimizer()) {
            case ADAM ->
                Adam.builder()
                        .learningRate(hp.learningRate())
                        .beta1(0.9)
                        .beta2(0.999)
                        .epsilon(KERAS_EPSILON)
                        .build();
            case RMSPROP -> new RmsProp(hp.learningRate(), 0.9, KERAS_EPSILON);
            case SGD -> new Sgd(hp.learningRate());
        };
    }

    private static org.nd4j.linalg.activations.Activation dl4j(Activation activation) {
        return switch (activation) {
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
        };
    }
}
