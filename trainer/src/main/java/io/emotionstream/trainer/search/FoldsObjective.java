package io.emotionstream.trainer.search;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.protocol.FoldPlan;
import io.emotionstream.trainer.protocol.FoldResult;
import io.emotionstream.trainer.protocol.FoldTrainer;
import io.emotionstream.trainer.protocol.OutOfFold;
import io.emotionstream.trainer.protocol.ProtocolPlan;
import io.emotionstream.trainer.protocol.ProtocolResult;
import io.emotionstream.trainer.protocol.ProtocolRunner;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A protocol's accuracy on people the models never saw, as a search objective: every fold of every plan is trained
 * with the trial's hyperparameters (early stopping on the fold's own validation subjects) and predicts its held-out
 * people; the score is the mean over plans of each plan's accuracy over all its held-out images (so JAFFE's and CK+'s
 * plans weigh alike). Scores dozens of people instead of the handful a single validation split holds; the winner's
 * score is still optimistic, since it was chosen on these same people (Cawley and Talbot, JMLR 11, 2010): confirm it
 * with {@code protocols} under another seed, or on other people.
 */
public final class FoldsObjective implements Objective {
    private final List<ProtocolPlan> plans;
    private final Recipe recipe;
    private final TrainingListener listener;

    public FoldsObjective(List<ProtocolPlan> plans, Recipe recipe, TrainingListener listener) {
        if (plans.isEmpty() || plans.stream().anyMatch(p -> p.folds().isEmpty())) {
            throw new IllegalArgumentException("a folds objective needs at least one plan, each with folds");
        }
        this.plans = List.copyOf(plans);
        this.recipe = recipe;
        this.listener = listener;
    }

    @Override
    public String name() {
        return "held-out accuracy (" + plans.stream().map(ProtocolPlan::name).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public Outcome evaluate(CnnHyperparameters hyperparameters, TrainingConfig config) {
        ProtocolRunner runner = new ProtocolRunner(
                fold -> FoldTrainer.seed(new Trainer(config.withSeed(config.seed() + fold), recipe, listener)),
                line -> {});
        double scores = 0;
        List<Integer> bestEpochs = new ArrayList<>();
        int restarts = 0;
        boolean collapsed = false;
        for (ProtocolPlan plan : plans) {
            ProtocolResult result = runner.run(withHyperparameters(plan, hyperparameters));
            scores += result.predictions().stream().filter(OutOfFold::correct).count()
                    / (double) result.predictions().size();
            for (FoldResult fold : result.folds()) {
                bestEpochs.add(fold.bestEpoch());
                restarts += fold.restarts();
                collapsed |= fold.collapsed();
            }
        }
        List<Integer> sorted = bestEpochs.stream().sorted().toList();
        return new Outcome(scores / plans.size(), sorted.get(sorted.size() / 2), restarts, collapsed);
    }

    private static ProtocolPlan withHyperparameters(ProtocolPlan plan, CnnHyperparameters hyperparameters) {
        return new ProtocolPlan(
                plan.protocol(),
                plan.name(),
                plan.folds().stream()
                        .map(f -> new FoldPlan(f.index(), f.train(), f.validation(), f.test(), hyperparameters))
                        .toList());
    }
}
