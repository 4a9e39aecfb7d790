package io.emotionstream.model.bundle;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.EvalMetrics;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelMetrics;
import io.emotionstream.schemas.model.SplitSpec;
import io.emotionstream.schemas.model.TrainingSummary;
import java.util.List;
import java.util.Map;

/**
 * The manifest draft of a network published without training (benchmarks and tests of the serving path): every
 * required field filled honestly, zero metrics, split mode "none".
 */
public final class UntrainedManifest {
    private UntrainedManifest() {}

    public static ModelManifest.Builder draft(String name, CnnHyperparameters hp, long seed) {
        EvalMetrics none = new EvalMetrics(0, 0.0, 0.0, List.of(), List.of());
        return ModelManifest.newBuilder()
                .setName(name)
                .setFramework("deeplearning4j 1.0.0-M2.1 (untrained)")
                .setHyperparameters(hp.toAvro())
                .setLabels(Emotion.labels())
                .setInput(SeedCnn.inputSpec())
                .setPreprocessing(Preprocessing.SEED.spec())
                .setDatasets(List.of())
                .setSplit(new SplitSpec("none", 0.0, 0.0, seed, 0, 0, 0))
                .setTraining(new TrainingSummary(seed, 0, 0, 0, 0, 32, 0.0))
                .setMetrics(new ModelMetrics(none, none, none, Map.of()));
    }
}
