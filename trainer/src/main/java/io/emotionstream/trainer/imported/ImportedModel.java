package io.emotionstream.trainer.imported;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelMetrics;
import io.emotionstream.schemas.model.SourceFormat;
import io.emotionstream.trainer.eval.CalibrationFit;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.eval.Evaluator;
import io.emotionstream.trainer.report.ManifestFactory;
import java.util.List;
import java.util.Optional;

/**
 * An imported network on its way to the registry: checked to give one output per class name, ready to be scored
 * and calibrated on held-out people like a trained model ({@link HeldOutScores}), then published with its source.
 */
public final class ImportedModel {
    private final ServableGraph graph;
    private final LoadedModel model;
    private final ClassMapping classes;
    private final SourceFile source;

    private ImportedModel(ServableGraph graph, LoadedModel model, ClassMapping classes, SourceFile source) {
        this.graph = graph;
        this.model = model;
        this.classes = classes;
        this.source = source;
    }

    /**
     * Imports the checked file as serving will run it ({@link ServableGraph}); refuses it when the network's outputs
     * are not one per class name.
     */
    public static ImportedModel of(KerasFile file, ClassMapping classes, Preprocessing preprocessing, SourceFile source) {
        ServableGraph graph = ServableGraph.of(file, preprocessing.format());
        LoadedModel model;
        try {
            model = LoadedModel.of(graph.graph(), preprocessing, classes.outputClasses(), graph.channelsLast());
        } catch (BundleException e) {
            throw new ImportRefusedException(ImportRefusal.BAD_LABELS, classes.sourceLabels().size()
                    + " class names given for this network: " + e.getMessage(), e);
        }
        return new ImportedModel(graph, model, classes, source);
    }

    /** The graph as it is published: its layout and how far it is from the plain kernels' outputs. */
    public ServableGraph servable() {
        return graph;
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
                .setFramework(ManifestFactory.FRAMEWORK + " (imported from Keras 2 HDF5)")
                .setHyperparameters(null)
                .setLabels(classes.labels())
                .setInput(new InputSpec(side(), side(), 1, graph.layout()))
                .setPreprocessing(model.preprocessing().spec())
                .setDatasets(scores.map(s -> s.datasets().stream().map(Dataset::toFingerprint).toList()).orElse(List.of()))
                .setSplit(null)
                .setTraining(null)
                .setRecipe(null)
                .setMetrics(scores.map(s -> new ModelMetrics(none.toAvro(), s.validation().toAvro(), s.test().toAvro(),
                        s.test().perGroupAvro())).orElse(new ModelMetrics(none.toAvro(), none.toAvro(), none.toAvro(),
                        none.perGroupAvro())))
                .setCalibration(scores.map(s -> s.calibration().toAvro()).orElse(null))
                .setSource(source.toAvro(SourceFormat.KERAS_HDF5, classes));
        return registry.publish(graph.graph(), draft);
    }

    private int side() {
        return model.preprocessing().format().size();
    }

    /**
     * The imported model scored on people it has never seen: the temperature fitted on one half of them
     * ({@code validation}), accuracy and calibration error reported on the other ({@code test}), whole people on
     * each side.
     */
    public record HeldOutScores(List<Dataset> datasets, Evaluation validation, Evaluation test, CalibrationFit calibration) {
        public static HeldOutScores of(LoadedModel model, List<Dataset> datasets, List<Sample> validation,
                                       List<Sample> test) {
            float[][] validationOutputs = Evaluator.predict(model, validation);
            float[][] testOutputs = Evaluator.predict(model, test);
            return new HeldOutScores(datasets, Evaluator.evaluate(validationOutputs, validation),
                    Evaluator.evaluate(testOutputs, test),
                    CalibrationFit.of(validationOutputs, validation, testOutputs, test));
        }
    }
}
