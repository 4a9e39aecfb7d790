package io.emotionstream.trainer.train;

import io.emotionstream.schemas.model.TrainingSummary;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A fitted network holding its best-validation weights.
 *
 * @param collapsed true when every attempt stayed stuck on one class (the best of them is returned)
 * @param recipe    what the network was shown (augmentation, balance, label smoothing)
 */
public record TrainingResult(
        MultiLayerNetwork network,
        int epochsRun,
        int bestEpoch,
        double bestValidationAccuracy,
        int restarts,
        boolean collapsed,
        List<Double> epochSeconds,
        List<EpochLog> history,
        TrainingConfig config,
        Recipe recipe) {

    public double epochSecondsMedian() {
        if (epochSeconds.isEmpty()) {
            return 0;
        }
        double[] sorted =
                epochSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public TrainingSummary toSummary() {
        return new TrainingSummary(
                config.seed(),
                config.maxEpochs(),
                epochsRun,
                bestEpoch,
                restarts,
                config.batchSize(),
                epochSecondsMedian());
    }
}
