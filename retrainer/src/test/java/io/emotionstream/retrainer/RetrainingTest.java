package io.emotionstream.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.PretrainedGraphs;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.finetune.FineTuningPlan;
import io.emotionstream.trainer.finetune.GraphFineTuner;
import io.emotionstream.trainer.finetune.ParentGraph;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainingTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void nd4j() {
        NativeRuntime.init();
    }

    @Test
    void shouldFineTuneTheParentOnTheEventsPreprocessedAsItsInputAndRecordTheLineage() {
        // given a pretrained-like parent bundle (16x16 input, seven classes) and the service set to fine-tune it
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        ModelBundle parent = registry.publish(
                PretrainedGraphs.importedLike(),
                UntrainedManifest.draft("pretrained", CnnHyperparameters.SEED_CKPLUS, 1)
                        .setHyperparameters(null)
                        .setLabels(PretrainedGraphs.SEVEN)
                        .setInput(new InputSpec(16, 16, 1, "NCHW"))
                        .setPreprocessing(PretrainedGraphs.INPUT.spec()));
        Retraining retraining = new Retraining.FineTune(
                new FineTuningPlan(
                        parent, ParentGraph.of(parent, Optional.empty()), "head", GraphFineTuner.Options.of(0.01)),
                new TrainingConfig(3, 16, 3, 80, 0, 5));

        // when labelled events, preprocessed as the service preprocesses them, make the next version
        Dataset events = Dataset.ofEvents(
                "stream-faces",
                DataSources.load("synthetic:a:6:2", "auto", Map.of(), 5, retraining.preprocessing())
                        .samples(),
                retraining.preprocessing());
        Split split = Experiments.split(events, SplitMode.RANDOM, 0.2, 0.1, retraining.seed());
        Retraining.Retrained retrained = retraining.retrain("faces", events, split, registry, TrainingListener.SILENT);

        // then the events were read as the parent's input, and the version says what it was fine-tuned from
        assertThat(retraining.preprocessing()).isEqualTo(parent.preprocessing());
        ModelManifest manifest = retrained.bundle().manifest();
        assertThat(retrained.bundle().reference()).isEqualTo("faces:1");
        assertThat(manifest.getParent().getName()).isEqualTo("pretrained");
        assertThat(manifest.getParent().getTrainedFrom()).isEqualTo("head");
        assertThat(manifest.getPreprocessing()).isEqualTo(parent.manifest().getPreprocessing());
        assertThat(manifest.getTraining().getEpochsRun()).isEqualTo(3);
        assertThat(retrained.testAccuracy())
                .isEqualTo(manifest.getMetrics().getTest().getAccuracy());
        assertThat(retraining.hasClass(Emotion.NEUTRAL))
                .as("a seven-class model trains on neutral faces")
                .isTrue();
    }

    @Test
    void shouldPreprocessEventsAsTheSeedWhenTrainingTheSeedCnn() {
        Retraining seed =
                new Retraining.SeedCnn(CnnHyperparameters.SEED_JAFFE, TrainingConfig.DEFAULT, FaceLocation.DETECT);

        assertThat(seed.preprocessing()).isEqualTo(Preprocessing.seed(FaceLocation.DETECT));
        assertThat(seed.seed()).isEqualTo(TrainingConfig.DEFAULT.seed());
        assertThat(seed.hasClass(Emotion.SURPRISE)).isTrue();
        assertThat(seed.hasClass(Emotion.NEUTRAL))
                .as("the seed CNN stays six-class")
                .isFalse();
    }
}
