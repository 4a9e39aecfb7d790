package io.emotionstream.trainer.finetune;

import io.emotionstream.datasets.ClassSet;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.trainer.eval.Evaluator;
import io.emotionstream.trainer.protocol.FoldTrainer;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;

/**
 * The protocols' folds for a bundle: each fold fine-tunes it on the fold's training people ({@link #fineTuned}), or
 * predicts with it as it is ({@link #zeroShot}: the baseline a fine-tuned model must beat, on the same people).
 */
public final class BundleFolds {
    private final FineTuningPlan plan;
    private final ClassSet classes;

    /** @param classes what the folds' images were loaded with: the predictions are scored over them */
    public BundleFolds(FineTuningPlan plan, ClassSet classes) {
        this.plan = plan;
        this.classes = classes;
    }

    /** A fold's fine-tuning, from a copy of the parent's weights, served as the result would be. */
    public FoldTrainer fineTuned(TrainingConfig config, TrainingListener listener) {
        return fold -> {
            FineTuning tuned = plan.run(config, listener, fold.train(), fold.validation());
            GraphFineTuner.Result result = tuned.result();
            return new FoldTrainer.Fold(
                    Evaluator.predict(tuned.model(), fold.test(), classes),
                    result.epochsRun(),
                    result.bestEpoch(),
                    0,
                    false,
                    result.epochSecondsMedian());
        };
    }

    /** The bundle as it is: trained on nothing here, it predicts every fold's held-out people. */
    public static FoldTrainer zeroShot(ModelBundle bundle, ClassSet classes) {
        var model = bundle.load();
        return fold -> FoldTrainer.Fold.untrained(Evaluator.predict(model, fold.test(), classes));
    }
}
