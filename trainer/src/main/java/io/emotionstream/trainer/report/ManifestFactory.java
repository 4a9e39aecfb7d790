package io.emotionstream.trainer.report;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelMetrics;
import io.emotionstream.trainer.eval.CalibrationFit;
import io.emotionstream.trainer.experiment.TrainedModel;

/** The manifest draft of a trained model; the registry adds version, time and checksum when it publishes. */
public final class ManifestFactory {
    public static final String FRAMEWORK = "deeplearning4j 1.0.0-M2.1";

    private ManifestFactory() {}

    public static ModelManifest.Builder draft(String name, TrainedModel model) {
        return ModelManifest.newBuilder()
                .setName(name)
                .setFramework(FRAMEWORK)
                .setHyperparameters(model.hyperparameters().toAvro())
                .setLabels(Emotion.labels())
                .setInput(SeedCnn.inputSpec())
                .setPreprocessing(Preprocessing.seed(model.datasets().get(0).faceLocation())
                        .spec())
                .setDatasets(
                        model.datasets().stream().map(Dataset::toFingerprint).toList())
                .setSplit(model.split().toSpec())
                .setTraining(model.training().toSummary())
                .setRecipe(model.training().recipe().toAvro())
                .setMetrics(new ModelMetrics(
                        model.train().toAvro(),
                        model.validation().toAvro(),
                        model.test().toAvro(),
                        model.test().perGroupAvro()))
                .setCalibration(model.calibration().map(CalibrationFit::toAvro).orElse(null));
    }
}
