package io.emotionstream.trainer.search;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.Optimizer;
import java.util.Random;

/**
 * The seed notebook's Keras Tuner space: three activations in {relu, tanh, sigmoid}, three dropouts in
 * 0.1..0.5 (step 0.1), optimizer in {adam, rmsprop, sgd}, learning rate log-uniform in [1e-4, 1e-2].
 */
public record SearchSpace(
        double minDropout, double maxDropout, double dropoutStep, double minLearningRate, double maxLearningRate) {
    public static final SearchSpace SEED = new SearchSpace(0.1, 0.5, 0.1, 1e-4, 1e-2);

    public CnnHyperparameters sample(Random random) {
        Activation[] activations = Activation.values();
        Optimizer[] optimizers = Optimizer.values();
        return new CnnHyperparameters(
                activations[random.nextInt(activations.length)], dropout(random),
                activations[random.nextInt(activations.length)], dropout(random),
                activations[random.nextInt(activations.length)], dropout(random),
                optimizers[random.nextInt(optimizers.length)], learningRate(random));
    }

    private double dropout(Random random) {
        int steps = (int) Math.round((maxDropout - minDropout) / dropoutStep);
        return Math.round((minDropout + dropoutStep * random.nextInt(steps + 1)) * 1000) / 1000.0;
    }

    private double learningRate(Random random) {
        double logMin = Math.log(minLearningRate);
        double logMax = Math.log(maxLearningRate);
        return Math.exp(logMin + random.nextDouble() * (logMax - logMin));
    }
}
