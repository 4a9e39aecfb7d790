package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.Optimizer;
import io.emotionstream.trainer.eval.Evaluator;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.split.Splitter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static Split split;

    @BeforeAll
    static void generateFaces() {
        Dataset faces = SyntheticFaces.generate(Population.A, 20, 4, 11);
        split = Splitter.split(faces.samples(), SplitMode.SUBJECT, 0.25, 0.15, 11);
    }

    @Test
    void shouldLearnSyntheticExpressionsWellAboveChance() {
        TrainingResult result = new Trainer(new TrainingConfig(20, 32, 20, 80, 2, 42), TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());

        double testAccuracy = Evaluator.evaluate(result.network(), split.test()).accuracy();

        assertThat(result.collapsed()).isFalse();
        assertThat(testAccuracy)
                .as("6 classes, chance is 0.17; on unseen subjects")
                .isGreaterThan(0.8);
        assertThat(result.bestValidationAccuracy()).isGreaterThan(0.5);
        assertThat(result.epochSeconds()).hasSize(result.epochsRun());
    }

    @Test
    void shouldRefuseNeutralFacesForTheSixClassSeedCnn() {
        List<Sample> withNeutral = new ArrayList<>(split.train());
        Sample first = withNeutral.get(0);
        withNeutral.add(new Sample("neutral", Emotion.NEUTRAL, first.subject(), first.groups(), first.pixels()));

        assertThatThrownBy(() -> new Trainer(new TrainingConfig(1, 32, 1, 80, 0, 1), TrainingListener.SILENT)
                        .train(CnnHyperparameters.SEED_JAFFE, withNeutral, split.validation()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the seed CNN has the six emotions");
    }

    @Test
    void shouldBeDeterministicForTheSameSeed() {
        TrainingConfig config = new TrainingConfig(2, 32, 5, 80, 0, 7);

        TrainingResult first = new Trainer(config, TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());
        TrainingResult second = new Trainer(config, TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());
        TrainingResult otherSeed = new Trainer(config.withSeed(8), TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());

        assertThat(second.network()
                        .params()
                        .sub(first.network().params())
                        .amaxNumber()
                        .doubleValue())
                .isZero();
        assertThat(otherSeed
                        .network()
                        .params()
                        .sub(first.network().params())
                        .amaxNumber()
                        .doubleValue())
                .isGreaterThan(1e-4);
    }

    @Test
    void shouldTrainTheSameWayTwiceWithBatchesPreparedOnAnotherThread() {
        // given the full recipe: augmentation, class balance, label smoothing, mixup, drawn on the preparing thread
        TrainingConfig config = new TrainingConfig(2, 32, 5, 80, 0, 7);
        Recipe recipe = new Recipe(Augmentation.STANDARD, Balance.CLASS, 0.1, new Mixup(0.2), Targets.MAJORITY);

        // when trained twice from one seed, and once from another
        TrainingResult first = new Trainer(config, recipe, TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());
        TrainingResult second = new Trainer(config, recipe, TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());
        TrainingResult seedRecipe = new Trainer(config, TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());

        // then the two runs agree to the last weight, and the recipe did change what was learnt
        assertThat(second.network()
                        .params()
                        .sub(first.network().params())
                        .amaxNumber()
                        .doubleValue())
                .isZero();
        assertThat(seedRecipe
                        .network()
                        .params()
                        .sub(first.network().params())
                        .amaxNumber()
                        .doubleValue())
                .isGreaterThan(1e-4);
    }

    @Test
    void shouldLearnSyntheticExpressionsWithTheStandardAugmentation() {
        TrainingResult result = new Trainer(
                        new TrainingConfig(20, 32, 20, 80, 2, 42),
                        Recipe.SEED.withAugmentation(Augmentation.STANDARD),
                        TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());

        assertThat(Evaluator.evaluate(result.network(), split.test()).accuracy())
                .isGreaterThan(0.6);
    }

    @Test
    void shouldRestartAnAttemptStuckOnOneClassAndSaySoWhenAllAttemptsStick() {
        // given settings that cannot leave one class in one epoch: SGD at lr 1e-4 behind a sigmoid layer
        CnnHyperparameters stuck = new CnnHyperparameters(
                Activation.SIGMOID, 0.1, Activation.SIGMOID, 0.1, Activation.SIGMOID, 0.1, Optimizer.SGD, 1e-4);
        List<Integer> restarts = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onRestart(int attempt, String reason) {
                restarts.add(attempt);
            }
        };

        TrainingResult result = new Trainer(new TrainingConfig(5, 32, 5, 1, 2, 1), listener)
                .train(stuck, split.train(), split.validation());

        assertThat(restarts).containsExactly(1, 2);
        assertThat(result.restarts()).isEqualTo(2);
        assertThat(result.collapsed()).isTrue();
        assertThat(result.epochsRun())
                .as("an attempt is abandoned as soon as it is judged stuck")
                .isEqualTo(1);
    }

    @Test
    void shouldStopEarlyAndKeepTheBestEpochsWeights() {
        TrainingResult result = new Trainer(new TrainingConfig(30, 32, 2, 80, 0, 3), TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());

        double kept = Evaluator.evaluate(result.network(), split.validation()).accuracy();

        assertThat(result.epochsRun()).isLessThan(30).isGreaterThanOrEqualTo(result.bestEpoch());
        assertThat(kept).isEqualTo(result.bestValidationAccuracy());
    }
}
