package io.emotionstream.trainer.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.protocol.Protocol;
import io.emotionstream.trainer.protocol.ProtocolPlan;
import io.emotionstream.trainer.protocol.ProtocolPlans;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldsObjectiveTest {
    private static final TrainingConfig QUICK = new TrainingConfig(3, 32, 3, 1000, 0, 7);
    // planned with the other settings' hyperparameters: the objective must train the trial's instead
    private static final ProtocolPlans PLANS =
            new ProtocolPlans(3, 0.2, 11, trainedOn -> CnnHyperparameters.SEED_CKPLUS);

    @Test
    void shouldScoreEachPlanAloneAndWeighPlansAlike() {
        // given two synthetic populations of 6 people each, planned as subject 3-folds
        Dataset a = SyntheticFaces.generate(Population.A, 6, 1, 3);
        Dataset b = SyntheticFaces.generate(Population.B, 6, 1, 4);
        List<ProtocolPlan> both = PLANS.plan(Protocol.SUBJECT_FOLDS, List.of(a, b));

        // when scored together and apart
        Objective.Outcome together = objective(both).evaluate(CnnHyperparameters.SEED_JAFFE, QUICK);
        Objective.Outcome onlyA = objective(both.subList(0, 1)).evaluate(CnnHyperparameters.SEED_JAFFE, QUICK);
        Objective.Outcome onlyB = objective(both.subList(1, 2)).evaluate(CnnHyperparameters.SEED_JAFFE, QUICK);

        // then the score is the plain mean of the plans' held-out accuracies (training is deterministic)
        assertThat(onlyA.score()).isBetween(0.0, 1.0);
        assertThat(together.score()).isCloseTo((onlyA.score() + onlyB.score()) / 2, within(1e-9));
        assertThat(together.bestEpoch()).isBetween(1, QUICK.maxEpochs());
    }

    @Test
    void shouldRepeatForTheSameSeedAndNameWhatItScores() {
        List<ProtocolPlan> plans =
                PLANS.plan(Protocol.SUBJECT_FOLDS, List.of(SyntheticFaces.generate(Population.A, 6, 1, 3)));
        FoldsObjective objective = objective(plans);

        double first = objective.evaluate(CnnHyperparameters.SEED_JAFFE, QUICK).score();
        double again = objective.evaluate(CnnHyperparameters.SEED_JAFFE, QUICK).score();

        assertThat(again).isEqualTo(first);
        assertThat(objective.name())
                .isEqualTo("held-out accuracy (" + plans.get(0).name() + ")");
    }

    @Test
    void shouldRefuseNoPlans() {
        assertThatThrownBy(() -> objective(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static FoldsObjective objective(List<ProtocolPlan> plans) {
        return new FoldsObjective(plans, Recipe.SEED, TrainingListener.SILENT);
    }
}
