package io.emotionstream.trainer.search;

import io.emotionstream.model.network.CnnHyperparameters;

/**
 * One evaluated point of the search: {@code score} is the {@link Objective}'s, reached within {@code epochBudget}
 * epochs (the full budget in a plain random search; the last rung it reached in successive halving).
 */
public record Trial(
        int number,
        CnnHyperparameters hyperparameters,
        double score,
        int bestEpoch,
        int restarts,
        boolean collapsed,
        double seconds,
        int epochBudget) {}
