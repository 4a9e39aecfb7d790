package io.emotionstream.trainer.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where one training attempt stands between epochs: the early-stopping bookkeeping, the best weights so far and the
 * epochs' log. Everything a checkpoint must hold besides the network and the random generators.
 */
final class AttemptProgress {
    int epoch;
    double bestAccuracy = -1;
    double bestLoss = Double.MAX_VALUE;
    INDArray bestParams;
    int bestEpoch;
    int stale;
    int singleClassSteps;
    boolean collapsed;
    final List<Double> seconds = new ArrayList<>();
    final List<EpochLog> history = new ArrayList<>();

    AttemptProgress(INDArray initialParams) {
        this.bestParams = initialParams;
    }

    /** True once early stopping or the collapse check has ended the attempt, or its epochs are spent. */
    boolean finished(TrainingConfig config) {
        return collapsed || stale >= config.patience() || epoch >= config.maxEpochs();
    }
}
