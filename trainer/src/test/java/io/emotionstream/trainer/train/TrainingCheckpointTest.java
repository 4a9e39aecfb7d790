package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.split.Splitter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {
    /** Everything random at once: augmentation, class balance and mixup draw from the batch generator, dropout from ND4J. */
    private static final Recipe RANDOM_RECIPE =
            new Recipe(Augmentation.STANDARD, Balance.CLASS, 0.1, new Mixup(0.2), Targets.MAJORITY);

    private static final TrainingConfig FOUR_EPOCHS = new TrainingConfig(4, 32, 10, 80, 0, 13);
    private static Split split;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateFaces() {
        Dataset faces = SyntheticFaces.generate(Population.A, 12, 3, 5);
        split = Splitter.split(faces.samples(), SplitMode.SUBJECT, 0.25, 0.15, 5);
    }

    @Test
    void shouldGoOnFromTheLastEpochToTheResultOfARunNeverInterrupted() {
        // given a run that is stopped right after its second epoch was checkpointed
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(dir.resolve("run"));
        assertThatThrownBy(() -> trainer(new TrainingListeners.StopAfter(2))
                        .withCheckpoint(checkpoint)
                        .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation()))
                .hasMessage("stopped");
        assertThat(dir.resolve("run").resolve(TrainingCheckpoint.FILE)).isRegularFile();

        // when the same training starts again on that folder, and once more without any checkpoint
        TrainingListeners.Recorder resumedEpochs = new TrainingListeners.Recorder();
        TrainingResult resumed = trainer(resumedEpochs)
                .withCheckpoint(new TrainingCheckpoint(dir.resolve("run")))
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());
        TrainingResult uninterrupted = trainer(TrainingListener.SILENT)
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());

        // then it ran epochs 3 and 4 only, and ended where the uninterrupted run did, to the last weight
        assertThat(resumedEpochs.resumedAfter).isEqualTo(2);
        assertThat(resumedEpochs.epochs).containsExactly(3, 4);
        assertThat(resumed.epochsRun()).isEqualTo(4);
        assertThat(resumed.history()).hasSize(4);
        assertThat(resumed.bestEpoch()).isEqualTo(uninterrupted.bestEpoch());
        assertThat(resumed.history().get(3).trainLoss())
                .isEqualTo(uninterrupted.history().get(3).trainLoss());
        assertThat(resumed.network()
                        .params()
                        .sub(uninterrupted.network().params())
                        .amaxNumber()
                        .doubleValue())
                .isZero();
    }

    @Test
    void shouldRefuseACheckpointOfAnotherRun() throws Exception {
        // given a checkpoint of a run with seed 13
        trainer(TrainingListener.SILENT)
                .withCheckpoint(new TrainingCheckpoint(dir))
                .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation());

        // when a run with another seed is pointed at it, then it is refused and the checkpoint is left as it was
        byte[] before = Files.readAllBytes(dir.resolve(TrainingCheckpoint.FILE));
        assertThatThrownBy(() -> new Trainer(FOUR_EPOCHS.withSeed(14), RANDOM_RECIPE, TrainingListener.SILENT)
                        .withCheckpoint(new TrainingCheckpoint(dir))
                        .train(CnnHyperparameters.SEED_JAFFE, split.train(), split.validation()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds another training run");
        assertThat(Files.readAllBytes(dir.resolve(TrainingCheckpoint.FILE))).isEqualTo(before);
    }

    private static Trainer trainer(TrainingListener listener) {
        return new Trainer(FOUR_EPOCHS, RANDOM_RECIPE, listener);
    }
}
