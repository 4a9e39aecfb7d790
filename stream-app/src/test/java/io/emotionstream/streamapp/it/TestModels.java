package io.emotionstream.streamapp.it;

import io.emotionstream.model.Emotion;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.model.EvalMetrics;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelMetrics;
import io.emotionstream.schemas.model.SplitSpec;
import io.emotionstream.schemas.model.TrainingSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A real (untrained) seed CNN published as a bundle: the serving path is exercised end to end. */
final class TestModels {
    private TestModels() {
    }

    static ModelBundle publishUntrained(Path registry, String name) {
        EvalMetrics none = new EvalMetrics(0, 0.0, 0.0, List.of(), List.of());
        return new ModelRegistry(registry).publish(SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 7),
                ModelManifest.newBuilder()
                        .setName(name)
                        .setFramework("deeplearning4j test")
                        .setHyperparameters(CnnHyperparameters.SEED_JAFFE.toAvro())
                        .setLabels(Emotion.labels())
                        .setInput(SeedCnn.inputSpec())
                        .setPreprocessing(ImagePreprocessor.spec())
                        .setDatasets(List.of())
                        .setSplit(new SplitSpec("random", 0.2, 0.1, 1L, 0, 0, 0))
                        .setTraining(new TrainingSummary(7L, 0, 0, 0, 0, 32, 0.0))
                        .setMetrics(new ModelMetrics(none, none, none, Map.of())));
    }
}
