package io.emotionstream.trainer.train;

/**
 * How a network is fitted.
 *
 * @param maxEpochs       epoch budget of one attempt
 * @param batchSize       mini-batch size (Keras' default 32)
 * @param patience        early stopping: epochs without a lower validation loss before stopping
 * @param collapseSteps   an attempt whose validation predictions have been a single class for this many
 *                        consecutive gradient steps is stuck on the majority class and restarted from new weights
 *                        (counted in steps, not epochs: a JAFFE epoch is 4 steps, a CK+ epoch 21)
 * @param maxRestarts     how many stuck attempts may be thrown away before keeping the best one anyway
 * @param seed            weights, dropout masks and batch order all derive from it
 */
public record TrainingConfig(
        int maxEpochs, int batchSize, int patience, int collapseSteps, int maxRestarts, long seed) {
    public static final TrainingConfig DEFAULT = new TrainingConfig(200, 32, 15, 80, 3, 42);

    public TrainingConfig {
        if (maxEpochs < 1 || batchSize < 1 || patience < 1 || collapseSteps < 1 || maxRestarts < 0) {
            throw new IllegalArgumentException("invalid training config: " + maxEpochs + " epochs, batch " + batchSize
                    + ", patience " + patience + ", collapse " + collapseSteps + ", restarts " + maxRestarts);
        }
    }

    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(epochs, batchSize, patience, collapseSteps, maxRestarts, seed);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(maxEpochs, batchSize, patience, collapseSteps, maxRestarts, newSeed);
    }

    public TrainingConfig withPatience(int newPatience) {
        return new TrainingConfig(maxEpochs, batchSize, newPatience, collapseSteps, maxRestarts, seed);
    }
}
