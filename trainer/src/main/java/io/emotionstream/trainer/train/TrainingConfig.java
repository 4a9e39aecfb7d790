package io.emotionstream.trainer.train;

/**
 * How a network is fitted.
 *
 * @param maxEpochs       epoch budget of one attempt
 * @param batchSize       mini-batch size (Keras' default 32)
 * @param patience        early stopping: epochs without a better validation accuracy before stopping
 * @param collapseEpochs  an attempt whose validation predictions have been a single class for this many
 *                        consecutive epochs is stuck on the majority class and restarted from new weights
 * @param maxRestarts     how many stuck attempts may be thrown away before keeping the best one anyway
 * @param seed            weights, dropout masks and batch order all derive from it
 */
public record TrainingConfig(int maxEpochs, int batchSize, int patience, int collapseEpochs, int maxRestarts, long seed) {
    public static final TrainingConfig DEFAULT = new TrainingConfig(40, 32, 10, 4, 3, 42);

    public TrainingConfig {
        if (maxEpochs < 1 || batchSize < 1 || patience < 1 || collapseEpochs < 1 || maxRestarts < 0) {
            throw new IllegalArgumentException("invalid training config: " + maxEpochs + " epochs, batch " + batchSize
                    + ", patience " + patience + ", collapse " + collapseEpochs + ", restarts " + maxRestarts);
        }
    }

    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(epochs, batchSize, patience, collapseEpochs, maxRestarts, seed);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(maxEpochs, batchSize, patience, collapseEpochs, maxRestarts, newSeed);
    }

    public TrainingConfig withPatience(int newPatience) {
        return new TrainingConfig(maxEpochs, batchSize, newPatience, collapseEpochs, maxRestarts, seed);
    }
}
