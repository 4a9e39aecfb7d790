package io.emotionstream.trainer.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.schemas.model.Optimizer;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.split.Splitter;
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
        List<CnnHyperparameters> draws = IntStream.range(0, 500).mapToObj(i -> SearchSpace.SEED.sample(random)).toList();

        assertThat(draws).allSatisfy(hp -> {
            assertThat(hp.dropout1()).isIn(0.1, 0.2, 0.3, 0.4, 0.5);
            assertThat(hp.dropout3()).isIn(0.1, 0.2, 0.3, 0.4, 0.5);
            assertThat(hp.learningRate()).isBetween(1e-4, 1e-2);
        });
        assertThat(draws).extracting(CnnHyperparameters::optimizer).containsAll(List.of(
                Optimizer.values()));
        long belowMillis = draws.stream().filter(hp -> hp.learningRate() < 1e-3).count();
        assertThat(belowMillis).as("log-uniform: half the draws below 1e-3").isBetween(200L, 300L);
    }

    @Test
    void shouldRankTrialsByValidationAccuracyAndRepeatForTheSameSeed() {
        Split split = Splitter.split(SyntheticFaces.generate(Population.A, 4, 2, 3).samples(), SplitMode.RANDOM, 0.2, 0.2, 3);
        RandomSearch search = new RandomSearch(SearchSpace.SEED, new TrainingConfig(1, 32, 1, 4, 0, 3), TrainingListener.SILENT);
        List<String> progress = new ArrayList<>();

        List<Trial> ranked = search.run(split, 3, 9, progress::add);
        List<Trial> again = search.run(split, 3, 9, line -> { });

        assertThat(ranked).hasSize(3);
        assertThat(ranked).extracting(Trial::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(again).extracting(Trial::hyperparameters).containsExactlyElementsOf(ranked.stream().map(Trial::hyperparameters).toList());
        assertThat(again).extracting(Trial::score).containsExactlyElementsOf(ranked.stream().map(Trial::score).toList());
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("Trial 3 Complete").contains("Best val_accuracy So Far"));
        assertThat(RandomSearch.summary(ranked, 10)).contains("Results summary").contains("learning_rate").contains("Score");
    }
}
