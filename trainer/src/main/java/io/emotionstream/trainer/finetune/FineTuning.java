package io.emotionstream.trainer.finetune;

import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.OutputClasses;
import io.emotionstream.model.network.OnnxModel;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelMetrics;
import io.emotionstream.schemas.model.ModelParent;
import io.emotionstream.schemas.model.TrainingSummary;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.eval.Evaluator;
import io.emotionstream.trainer.imported.ImportedModel;
import io.emotionstream.trainer.imported.ImportedNetwork;
import io.emotionstream.trainer.imported.OnnxTwin;
import io.emotionstream.trainer.imported.ServableGraph;
import io.emotionstream.trainer.report.ManifestFactory;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.train.TrainingConfig;
import java.util.List;

/**
 * A fine-tuned bundle on its way to the registry: served as its parent is (written as ONNX for ONNX Runtime where the
 * graph can be, else DL4J's graph), scored on the split's held-out people, calibrated on its validation people, and
 * published with its lineage ({@code parent}: name, version, the weights it started from or, {@code freshWeights}, whose
 * architecture it was trained from scratch in, what was trained).
 */
public record FineTuning(
        ModelBundle parent,
        GraphFineTuner.Result result,
        ImportedNetwork network,
        LoadedModel model,
        boolean freshWeights) {

    /** The fine-tuned graph as serving will run it, held to its plain-kernel twin (and its ONNX twin, if written). */
    public static FineTuning of(
            ModelBundle parent,
            GraphFineTuner.Result result,
            Preprocessing preprocessing,
            boolean channelsLast,
            boolean freshWeights) {
        ServableGraph graph = ServableGraph.of(result.graph(), preprocessing.format(), channelsLast);
        ImportedNetwork network =
                OnnxTwin.of(graph, preprocessing.format().scale()) instanceof OnnxTwin.Made made ? made.twin() : graph;
        LoadedModel model = LoadedModel.of(
                network.forward(), preprocessing, OutputClasses.of(result.labels()), network.channelsLast());
        return new FineTuning(parent, result, network, model, freshWeights);
    }

    /**
     * Scores on the split's held-out people, computed once: the temperature fitted on the validation people, accuracy
     * and calibration error on the test people (as an import's are).
     */
    public ImportedModel.HeldOutScores scores(List<Dataset> datasets, Split split) {
        return ImportedModel.HeldOutScores.of(model, datasets, split.validation(), split.test());
    }

    /** What serves it and where its weights came from (the parent's own source is in the parent's manifest). */
    private String framework() {
        String trained = freshWeights
                ? "trained from scratch by " + ManifestFactory.FRAMEWORK + " in the architecture of "
                : "fine-tuned by " + ManifestFactory.FRAMEWORK + " from ";
        return network instanceof OnnxTwin
                ? "onnxruntime " + OnnxModel.runtimeVersion() + " (" + trained + parent.reference()
                        + ", written as ONNX)"
                : ManifestFactory.FRAMEWORK + " (" + trained + parent.reference() + ")";
    }

    public ModelBundle publish(ModelRegistry registry, String name, Split split, ImportedModel.HeldOutScores scores) {
        TrainingConfig config = result.config();
        ModelManifest manifest = parent.manifest();
        Evaluation train = Evaluator.evaluate(model, split.train(), ClassSet.of(scores.datasets()));
        ModelManifest.Builder draft = ModelManifest.newBuilder(manifest)
                .setName(name)
                .setFramework(framework())
                .setInput(new InputSpec(network.side(), network.side(), 1, network.layout()))
                .setDatasets(
                        scores.datasets().stream().map(Dataset::toFingerprint).toList())
                .setSplit(split.toSpec())
                .setTraining(new TrainingSummary(
                        config.seed(),
                        config.maxEpochs(),
                        result.epochsRun(),
                        result.bestEpoch(),
                        0,
                        config.batchSize(),
                        result.epochSecondsMedian()))
                .setRecipe(result.options().toAvro())
                .setMetrics(new ModelMetrics(
                        train.toAvro(),
                        scores.validation().toAvro(),
                        scores.test().toAvro(),
                        scores.test().perGroupAvro()))
                .setCalibration(scores.calibration().toAvro())
                .setOutputs(network.outputs())
                .setLabels(result.labels())
                .setParent(new ModelParent(
                        parent.name(),
                        parent.version(),
                        manifest.getModelSha256(),
                        result.trainedFrom(),
                        result.options().learningRate(),
                        freshWeights));
        return network.publish(registry, draft);
    }
}
