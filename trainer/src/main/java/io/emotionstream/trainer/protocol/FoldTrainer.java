package io.emotionstream.trainer.protocol;

import io.emotionstream.trainer.eval.Evaluator;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingResult;

/**
 * What one fold's model is and how it predicts the fold's held-out images: the seed CNN trained from scratch, a
 * network fine-tuned from a bundle, or a bundle as it is (the zero-shot baseline, trained on nothing here).
 */
@FunctionalInterface
public interface FoldTrainer {
    /** Trains on {@code fold}'s training side (validation for early stopping) and predicts its test images. */
    Fold train(FoldPlan fold);

    /** The seed CNN, trained from scratch with the fold's hyperparameters. */
    static FoldTrainer seed(Trainer trainer) {
        return fold -> {
            TrainingResult trained = trainer.train(fold.hyperparameters(), fold.train(), fold.validation());
            return new Fold(
                    Evaluator.predict(trained.network(), fold.test()),
                    trained.epochsRun(),
                    trained.bestEpoch(),
                    trained.restarts(),
                    trained.collapsed(),
                    trained.epochSecondsMedian());
        };
    }

    /**
     * A fold's model, done.
     *
     * @param probabilities six emotion probabilities per test image, in the fold's order
     */
    record Fold(
            float[][] probabilities,
            int epochsRun,
            int bestEpoch,
            int restarts,
            boolean collapsed,
            double epochSecondsMedian) {
        /** A model that was not trained here (zero-shot). */
        public static Fold untrained(float[][] probabilities) {
            return new Fold(probabilities, 0, 0, 0, false, 0);
        }
    }
}
