package io.emotionstream.model.network;

import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.Hyperparameters;
import io.emotionstream.schemas.model.Optimizer;
import java.util.Locale;

/**
 * The searchable settings of the seed CNN. Dropouts are drop rates (Keras convention), validated to [0, 1).
 */
public record CnnHyperparameters(
        Activation activation1,
        double dropout1,
        Activation activation2,
        double dropout2,
        Activation denseActivation,
        double dropout3,
        Optimizer optimizer,
        double learningRate) {

    /** The seed notebook's best CK+ trial (val score 1.0). */
    public static final CnnHyperparameters SEED_CKPLUS = new CnnHyperparameters(
            Activation.TANH, 0.4, Activation.TANH, 0.4, Activation.SIGMOID, 0.1, Optimizer.ADAM, 0.005436907489597525);
    /** The seed notebook's best JAFFE trial (val score 0.709). */
    public static final CnnHyperparameters SEED_JAFFE = new CnnHyperparameters(
            Activation.TANH, 0.3, Activation.RELU, 0.3, Activation.SIGMOID, 0.1, Optimizer.RMSPROP, 0.001);

    public CnnHyperparameters {
        checkDropout("dropout1", dropout1);
        checkDropout("dropout2", dropout2);
        checkDropout("dropout3", dropout3);
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1): " + learningRate);
        }
        if (activation1 == null || activation2 == null || denseActivation == null || optimizer == null) {
            throw new IllegalArgumentException("activations and optimizer are required");
        }
    }

    private static void checkDropout(String name, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(name + " must be a drop rate in [0, 1): " + rate);
        }
    }

    public Hyperparameters toAvro() {
        return new Hyperparameters(
                activation1, dropout1, activation2, dropout2, denseActivation, dropout3, optimizer, learningRate);
    }

    public static CnnHyperparameters fromAvro(Hyperparameters h) {
        return new CnnHyperparameters(
                h.getActivation1(),
                h.getDropout1(),
                h.getActivation2(),
                h.getDropout2(),
                h.getDenseActivation(),
                h.getDropout3(),
                h.getOptimizer(),
                h.getLearningRate());
    }

    /** Keras-Tuner-like one-liner: "tanh, dropout 0.3, relu, dropout 0.3, dense sigmoid, dropout 0.1, rmsprop, lr 0.001". */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s, dropout %.2f, %s, dropout %.2f, dense %s, dropout %.2f, %s, lr %.6g",
                lower(activation1),
                dropout1,
                lower(activation2),
                dropout2,
                lower(denseActivation),
                dropout3,
                lower(optimizer),
                learningRate);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
