package io.emotionstream.trainer.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.schemas.model.Optimizer;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.split.Splitter;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomSearchTest {

    @Test
    void shouldSampleOnlyInsideTheSeedsSpace() {
        Random random = new Random(1);
        List<CnnHyperparameters> draws = IntStream.range(0, 500)
                .mapToObj(i -> SearchSpace.SEED.sample(random))
                .toList();

        assertThat(draws).allSatisfy(hp -> {
            assertThat(hp.dropout1()).isIn(0.1, 0.2, 0.3, 0.4, 0.5);
            assertThat(hp.dropout3()).isIn(0.1, 0.2, 0.3, 0.4, 0.5);
            assertThat(hp.learningRate()).isBetween(1e-4, 1e-2);
        });
        assertThat(draws).extracting(CnnHyperparameters::optimizer).containsAll(List.of(Optimizer.values()));
        long belowMillis = draws.stream().filter(hp -> hp.learningRate() < 1e-3).count();
        assertThat(belowMillis).as("log-uniform: half the draws below 1e-3").isBetween(200L, 300L);
    }

    @Test
    void shouldRankTrialsByValidationAccuracyAndRepeatForTheSameSeed() {
        Split split =
                Splitter.split(SyntheticFaces.generate(Population.A, 4, 2, 3).samples(), SplitMode.RANDOM, 0.2, 0.2, 3);
        RandomSearch search = new RandomSearch(SearchSpace.SEED, new TrainingConfig(1, 32, 1, 4, 0, 3));
        Objective objective = new ValidationObjective(split, Recipe.SEED, TrainingListener.SILENT);
        List<String> progress = new ArrayList<>();

        List<Trial> ranked = search.run(objective, 3, 9, progress::add);
        List<Trial> again = search.run(objective, 3, 9, line -> {});

        assertThat(ranked).hasSize(3);
        assertThat(ranked).extracting(Trial::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(again)
                .extracting(Trial::hyperparameters)
                .containsExactlyElementsOf(
                        ranked.stream().map(Trial::hyperparameters).toList());
        assertThat(again)
                .extracting(Trial::score)
                .containsExactlyElementsOf(ranked.stream().map(Trial::score).toList());
        assertThat(progress)
                .anySatisfy(
                        line -> assertThat(line).contains("Trial 3 Complete").contains("Best val_accuracy So Far"));
        assertThat(RandomSearch.summary(ranked, 10, objective))
                .contains("Results summary")
                .contains("val_accuracy")
                .contains("learning_rate")
                .contains("Score");
    }

    @Test
    void shouldGiveOnlyTheBestThirdOfEachRungThreeTimesTheEpochs() {
        // given 9 draws, a first rung of 1 epoch, eta 3 and a 9-epoch budget
        Split split =
                Splitter.split(SyntheticFaces.generate(Population.A, 4, 2, 3).samples(), SplitMode.RANDOM, 0.2, 0.2, 3);
        RandomSearch search = new RandomSearch(SearchSpace.SEED, new TrainingConfig(9, 32, 9, 1000, 0, 3));
        List<String> progress = new ArrayList<>();

        // when
        List<Trial> ranked = search.runHalving(
                new ValidationObjective(split, Recipe.SEED, TrainingListener.SILENT), 9, 1, 3, 5, progress::add);

        // then rungs of 9 at 1 epoch, 3 at 3 and 1 at 9: the winner ran the full budget, every draw is ranked once
        assertThat(progress)
                .filteredOn(line -> line.startsWith("Successive halving"))
                .hasSize(3);
        assertThat(ranked).hasSize(9).extracting(Trial::number).doesNotHaveDuplicates();
        assertThat(ranked).extracting(Trial::epochBudget).containsExactly(9, 3, 3, 1, 1, 1, 1, 1, 1);
        assertThat(ranked.subList(1, 3)).extracting(Trial::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // and those dropped at the first rung follow, best first
        assertThat(ranked.subList(3, 9)).extracting(Trial::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }
}
