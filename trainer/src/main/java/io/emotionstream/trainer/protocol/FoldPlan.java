package io.emotionstream.trainer.protocol;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.CnnHyperparameters;
import java.util.List;

/**
 * One model to train and test: no subject of {@code test} is in {@code train} or {@code validation}; validation
 * (early stopping) holds out subjects of the training side too.
 */
public record FoldPlan(
        int index, List<Sample> train, List<Sample> validation, List<Sample> test, CnnHyperparameters hyperparameters) {
    public FoldPlan {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }
}
