package io.emotionstream.trainer.search;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.train.TrainingConfig;

/** What a search trial is scored on: higher is better. */
public interface Objective {
    /** Names the score in progress lines and the summary. */
    String name();

    /** Trains with {@code hyperparameters} under {@code config} (its seed and epoch budget) and scores the result. */
    Outcome evaluate(CnnHyperparameters hyperparameters, TrainingConfig config);

    /**
     * @param bestEpoch the epoch whose weights were kept (with several models: their median)
     * @param restarts  restarts after training stuck on one class (summed over models)
     * @param collapsed true when a model stayed stuck on one class
     */
    record Outcome(double score, int bestEpoch, int restarts, boolean collapsed) {}
}
