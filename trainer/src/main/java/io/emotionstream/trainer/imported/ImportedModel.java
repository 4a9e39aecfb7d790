package io.emotionstream.trainer.imported;

import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelMetrics;
import io.emotionstream.trainer.eval.CalibrationFit;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.eval.Evaluator;
import java.util.List;
import java.util.Optional;

/**
 * An imported network on its way to the registry: checked to give one output per class name, ready to be scored
 * and calibrated on held-out people like a trained model ({@link HeldOutScores}), then published with its source.
 */
public final class ImportedModel {
    private final ImportedNetwork network;
    private final LoadedModel model;
    private final ClassMapping classes;
    private final SourceFile source;

    private ImportedModel(ImportedNetwork network, LoadedModel model, ClassMapping classes, SourceFile source) {
        this.network = network;
        this.model = model;
        this.classes = classes;
        this.source = source;
    }

    /** The checked network as serving will run it; refused when its outputs are not one per class name. */
    public static ImportedModel of(
            ImportedNetwork network, ClassMapping classes, Preprocessing preprocessing, SourceFile source) {
        LoadedModel model;
        try {
            model = LoadedModel.of(network.forward(), preprocessing, classes.outputClasses(), network.channelsLast());
        } catch (BundleException e) {
            throw new ImportRefusedException(
                    ImportRefusal.BAD_LABELS,
                    classes.sourceLabels().size() + " class names given for this network: " + e.getMessage(),
                    e);
        }
        return new ImportedModel(network, model, classes, source);
    }

    /** The network as serving will run it (six probabilities per image, uncalibrated). */
    public LoadedModel model() {
        return model;
    }

    /** Scored and calibrated on held-out people ({@code scores}), or published unscored and uncalibrated. */
    public ModelBundle publish(ModelRegistry registry, String name, Optional<HeldOutScores> scores) {
        Evaluation none = Evaluator.evaluate(new float[0][], List.of());
        ModelManifest.Builder draft = ModelManifest.newBuilder()
                .setName(name)
                .setFramework(network.framework())
                .setHyperparameters(null)
                .setLabels(classes.labels())
                .setInput(new InputSpec(network.side(), network.side(), 1, network.layout()))
                .setOutputs(network.outputs())
                .setPreprocessing(model.preprocessing().spec())
                .setDatasets(scores.map(s -> s.datasets().stream()
                                .map(Dataset::toFingerprint)
                                .toList())
                        .orElse(List.of()))
                .setSplit(null)
                .setTraining(null)
                .setRecipe(null)
                .setMetrics(scores.map(s -> new ModelMetrics(
                                none.toAvro(),
                                s.validation().toAvro(),
                                s.test().toAvro(),
                                s.test().perGroupAvro()))
                        .orElse(new ModelMetrics(none.toAvro(), none.toAvro(), none.toAvro(), none.perGroupAvro())))
                .setCalibration(scores.map(s -> s.calibration().toAvro()).orElse(null))
                .setSource(source.toAvro(network.format(), classes));
        return network.publish(registry, draft);
    }

    /**
     * The imported model scored on people it has never seen: the temperature fitted on one half of them
     * ({@code validation}), accuracy and calibration error reported on the other ({@code test}), whole people on
     * each side.
     */
    public record HeldOutScores(
            List<Dataset> datasets, Evaluation validation, Evaluation test, CalibrationFit calibration) {
        public static HeldOutScores of(
                LoadedModel model, List<Dataset> datasets, List<Sample> validation, List<Sample> test) {
            // scored over the data's classes; calibrated as served, over the model's own classes (one forward pass
            // per image where the two are the same rows: seven-class data, or a six-class model)
            ClassSet classes = ClassSet.of(datasets);
            float[][] validationOutputs = Evaluator.predict(model, validation, classes);
            float[][] testOutputs = Evaluator.predict(model, test, classes);
            boolean servedRows = classes == ClassSet.SEVEN || model.classes().size() == Emotion.SIX_COUNT;
            return new HeldOutScores(
                    datasets,
                    Evaluator.evaluate(validationOutputs, validation),
                    Evaluator.evaluate(testOutputs, test),
                    CalibrationFit.of(
                            servedRows ? validationOutputs : Evaluator.served(model, validation),
                            validation,
                            servedRows ? testOutputs : Evaluator.served(model, test),
                            test));
        }
    }
}
