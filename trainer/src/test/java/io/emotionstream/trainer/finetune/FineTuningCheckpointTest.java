package io.emotionstream.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.PretrainedGraphs;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import io.emotionstream.trainer.train.TrainingListeners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuningCheckpointTest {
    private static final TrainingConfig FOUR_EPOCHS = new TrainingConfig(4, 16, 4, 80, 0, 3);
    private static List<Sample> train;
    private static List<Sample> validation;

    @TempDir
    Path dir;

    @BeforeAll
    static void faces() {
        NativeRuntime.init();
        Dataset faces = DataSources.load("synthetic:a:6:2", "auto", Map.of(), 7, PretrainedGraphs.INPUT);
        train = faces.samples().subList(0, 48);
        validation = faces.samples().subList(48, faces.size());
    }

    @Test
    void shouldGoOnFromTheLastEpochToTheResultOfARunNeverInterrupted() {
        // given a run of every layer that is stopped right after its second epoch was checkpointed
        assertThatThrownBy(() -> tuner(new TrainingListeners.StopAfter(2), FOUR_EPOCHS)
                        .withCheckpoint(new FineTuningCheckpoint(dir))
                        .fineTune(start(), train, validation))
                .hasMessage("stopped");
        assertThat(dir.resolve(FineTuningCheckpoint.FILE)).isRegularFile();

        // when the same run starts again on that folder, and once more without any checkpoint
        TrainingListeners.Recorder resumedEpochs = new TrainingListeners.Recorder();
        GraphFineTuner.Result resumed = tuner(resumedEpochs, FOUR_EPOCHS)
                .withCheckpoint(new FineTuningCheckpoint(dir))
                .fineTune(start(), train, validation);
        GraphFineTuner.Result uninterrupted =
                tuner(TrainingListener.SILENT, FOUR_EPOCHS).fineTune(start(), train, validation);

        // then it ran epochs 3 and 4 only, and ended where the uninterrupted run did, to the last weight
        assertThat(resumedEpochs.resumedAfter).isEqualTo(2);
        assertThat(resumedEpochs.epochs).containsExactly(3, 4);
        assertThat(resumed.epochsRun()).isEqualTo(4);
        assertThat(resumed.epochSeconds()).hasSize(4);
        assertThat(resumed.bestEpoch()).isEqualTo(uninterrupted.bestEpoch());
        assertThat(resumed.graph()
                        .params()
                        .sub(uninterrupted.graph().params())
                        .amaxNumber()
                        .doubleValue())
                .isZero();
    }

    @Test
    void shouldRefuseACheckpointOfAnotherRunAndLeaveItAsItWas() throws Exception {
        // given a checkpoint of a run with seed 3
        tuner(TrainingListener.SILENT, FOUR_EPOCHS)
                .withCheckpoint(new FineTuningCheckpoint(dir))
                .fineTune(start(), train, validation);
        byte[] before = Files.readAllBytes(dir.resolve(FineTuningCheckpoint.FILE));

        // when a run with another seed is pointed at it, then it is refused
        assertThatThrownBy(() -> tuner(TrainingListener.SILENT, FOUR_EPOCHS.withSeed(4))
                        .withCheckpoint(new FineTuningCheckpoint(dir))
                        .fineTune(start(), train, validation))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds another training run");
        assertThat(Files.readAllBytes(dir.resolve(FineTuningCheckpoint.FILE))).isEqualTo(before);
    }

    @Test
    void shouldRefuseADamagedCheckpointWithAReason() throws Exception {
        // given a checkpoint cut short, as a full disk or a kill while copying it would leave it
        tuner(TrainingListener.SILENT, FOUR_EPOCHS)
                .withCheckpoint(new FineTuningCheckpoint(dir))
                .fineTune(start(), train, validation);
        Path file = dir.resolve(FineTuningCheckpoint.FILE);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        // when the run starts on it, then it says what is wrong and what to do
        assertThatThrownBy(() -> tuner(TrainingListener.SILENT, FOUR_EPOCHS)
                        .withCheckpoint(new FineTuningCheckpoint(dir))
                        .fineTune(start(), train, validation))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpoint")
                .hasMessageContaining("delete it");
    }

    private static GraphFineTuner tuner(TrainingListener listener, TrainingConfig config) {
        return new GraphFineTuner(config, GraphFineTuner.Options.of(0.01), listener);
    }

    /** Every layer of an imported-like network, from the same starting weights each time. */
    private static GraphFineTuner.Start start() {
        return new GraphFineTuner.Start(
                PretrainedGraphs.importedLike(),
                "conv",
                PretrainedGraphs.INPUT.format(),
                false,
                PretrainedGraphs.SEVEN);
    }
}
