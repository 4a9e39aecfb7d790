package io.emotionstream.trainer.search;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import io.emotionstream.trainer.train.TrainingResult;

/** The Keras Tuner's objective: the best validation accuracy of one model trained on the split's training images. */
public final class ValidationObjective implements Objective {
    private final Split split;
    private final Recipe recipe;
    private final TrainingListener listener;

    public ValidationObjective(Split split, Recipe recipe, TrainingListener listener) {
        if (split.validation().isEmpty()) {
            throw new IllegalArgumentException("search needs a validation set (validation fraction > 0)");
        }
        this.split = split;
        this.recipe = recipe;
        this.listener = listener;
    }

    @Override
    public String name() {
        return "val_accuracy";
    }

    @Override
    public Outcome evaluate(CnnHyperparameters hyperparameters, TrainingConfig config) {
        TrainingResult result =
                new Trainer(config, recipe, listener).train(hyperparameters, split.train(), split.validation());
        return new Outcome(result.bestValidationAccuracy(), result.bestEpoch(), result.restarts(), result.collapsed());
    }
}
