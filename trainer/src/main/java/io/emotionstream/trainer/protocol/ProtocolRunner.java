package io.emotionstream.trainer.protocol;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Trains each fold's model and predicts its held-out images. Folds run one after another (ND4J uses every core). */
public final class ProtocolRunner {
    private final IntFunction<FoldTrainer> trainerForFold;
    private final Consumer<String> progress;

    /** @param trainerForFold a trainer per fold index: each fold gets its own seed, so runs are repeatable */
    public ProtocolRunner(IntFunction<FoldTrainer> trainerForFold, Consumer<String> progress) {
        this.trainerForFold = trainerForFold;
        this.progress = progress;
    }

    public ProtocolResult run(ProtocolPlan plan) {
        List<FoldResult> folds = new ArrayList<>();
        List<OutOfFold> predictions = new ArrayList<>();
        for (FoldPlan fold : plan.folds()) {
            progress.accept(String.format(
                    "%s: fold %d of %d (%d train / %d validation / %d test images)",
                    plan.name(),
                    fold.index() + 1,
                    plan.folds().size(),
                    fold.train().size(),
                    fold.validation().size(),
                    fold.test().size()));
            FoldTrainer.Fold trained = trainerForFold.apply(fold.index()).train(fold);
            float[][] probabilities = trained.probabilities();
            int correct = 0;
            for (int i = 0; i < fold.test().size(); i++) {
                OutOfFold p = new OutOfFold(fold.index(), fold.test().get(i), Emotion.mostProbable(probabilities[i]));
                predictions.add(p);
                correct += p.correct() ? 1 : 0;
            }
            int subjects =
                    (int) fold.test().stream().map(Sample::subject).distinct().count();
            FoldResult result = new FoldResult(
                    fold.index(),
                    fold.train().size(),
                    fold.validation().size(),
                    fold.test().size(),
                    subjects,
                    fold.test().isEmpty() ? 0 : (double) correct / fold.test().size(),
                    trained.epochsRun(),
                    trained.bestEpoch(),
                    trained.restarts(),
                    trained.collapsed(),
                    trained.epochSecondsMedian());
            progress.accept(String.format(
                    "%s: fold %d accuracy %.3f on %d image(s) of %d subject(s)",
                    plan.name(), fold.index() + 1, result.accuracy(), result.testImages(), subjects));
            folds.add(result);
        }
        return new ProtocolResult(plan.protocol(), plan.name(), folds, predictions);
    }
}
