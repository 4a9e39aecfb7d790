package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.imported.ClassMapping;
import io.emotionstream.trainer.imported.ExpectedOutputs;
import io.emotionstream.trainer.imported.ImportLimits;
import io.emotionstream.trainer.imported.ImportedModel;
import io.emotionstream.trainer.imported.ImportedNetwork;
import io.emotionstream.trainer.imported.KerasFile;
import io.emotionstream.trainer.imported.OnnxFile;
import io.emotionstream.trainer.imported.OnnxTwin;
import io.emotionstream.trainer.imported.ServableGraph;
import io.emotionstream.trainer.imported.SourceFile;
import io.emotionstream.trainer.split.Splitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Make a pretrained model a versioned bundle: a Keras 2 model (.h5/.hdf5 with architecture and "
                    + "weights), checked before it is read (size, declared shapes, no Python code) and imported with DL4J, "
                    + "or an ONNX file (e.g. exported by torch.onnx), checked (size, the whole model in the file) and served "
                    + "by ONNX Runtime as it is. Its classes are mapped, its source file's sha256, licence and provenance recorded.",
            "With --calibrate-on, it is scored and calibrated on those people (half fit the temperature, half "
                    + "are reported), as a trained model is on its validation and test splits."
        })
final class ImportCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelFile modelFile;

    /** Which file is imported, and in which format. */
    static final class ModelFile {
        @Option(names = "--keras", required = true, paramLabel = "FILE", description = "Keras 2 HDF5 model file.")
        Path keras;

        @Option(
                names = "--onnx",
                required = true,
                paramLabel = "FILE",
                description = "ONNX model file (one image "
                        + "tensor in, one row of class scores out; logits or probabilities).")
        Path onnx;

        Path path() {
            return keras != null ? keras : onnx;
        }
    }

    @Option(names = "--name", required = true, description = "Bundle name in the registry.")
    String name;

    @Option(
            names = "--labels",
            paramLabel = "A,B,...",
            description =
                    "The network's classes in output order, e.g. "
                            + "angry,disgust,fear,happy,sad,surprise,neutral (default: FILE.labels or labels.txt beside the file).")
    String labels;

    @Option(
            names = "--scale",
            required = true,
            paramLabel = "SCALE",
            description =
                    "How the network expects 8-bit "
                            + "pixels: divide-255 (0..1) or minus-one-to-one (-1..1, Keras' (x/255-0.5)*2). Its authors' README says which.")
    String scale;

    @Option(
            names = "--dl4j-graph",
            description = "--keras: serve DL4J's imported graph even where it can be written as "
                    + "ONNX and served by ONNX Runtime (many times faster, held to the same reference).")
    boolean dl4jGraph;

    @Option(
            names = "--face",
            defaultValue = "none",
            paramLabel = "MODE",
            description = "Face location before the resize: "
                    + "none, detect, detect-fast or align (default: ${DEFAULT-VALUE}).")
    String face;

    @Option(
            names = "--licence",
            paramLabel = "TEXT",
            description = "The weights' licence (default: the first line of a LICENSE file beside the file).")
    String licence;

    @Option(
            names = "--provenance",
            paramLabel = "TEXT",
            description = "Who made the weights, from what data, where obtained.")
    String provenance;

    @Option(
            names = "--expect-outputs",
            paramLabel = "JSON",
            description = "What the network's own framework computed: "
                    + "{\"inputs\": [[one flat scaled tensor per image]], \"outputs\": [[its outputs per image]]}. The import is "
                    + "refused (outputs_differ) unless the served probabilities agree within 1e-4.")
    Path expectOutputs;

    @Option(
            names = "--calibrate-on",
            paramLabel = "SPEC",
            description = "Score and calibrate on this dataset (as --data "
                    + "of train: a folder, a .csv index or synthetic:...). Repeat to combine.")
    List<String> calibrateOn = new ArrayList<>();

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the split of --calibrate-on people (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Model registry directory (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Override
    public Integer call() {
        Path file = modelFile.path();
        ClassMapping classes = labels != null ? ClassMapping.parse(labels) : ClassMapping.read(sidecar(file));
        SourceFile source = SourceFile.of(file, Optional.ofNullable(licence), Optional.ofNullable(provenance));
        PixelScale pixelScale = PixelScale.parse(scale);
        ImportedNetwork network = modelFile.keras != null
                ? keras(file, pixelScale)
                : OnnxFile.inspect(file, ImportLimits.DEFAULT, pixelScale);
        Preprocessing preprocessing =
                new Preprocessing(FaceLocation.parse(face), new TensorFormat(network.side(), pixelScale));
        ImportedModel imported = ImportedModel.of(network, classes, preprocessing, source);
        System.out.printf(
                Locale.ROOT,
                "imported %s: input %dx%dx1 (%s), preprocessing %s, classes %s%n",
                file.getFileName(),
                network.side(),
                network.side(),
                network.describe(),
                preprocessing.id(),
                classes.labels());
        if (expectOutputs != null) {
            ExpectedOutputs expected = ExpectedOutputs.read(expectOutputs);
            double difference = expected.check(network, preprocessing.format());
            System.out.printf(
                    Locale.ROOT,
                    "served probabilities match %s on %d images (largest difference %.1e)%n",
                    expectOutputs.getFileName(),
                    expected.outputs().length,
                    difference);
        }
        Optional<ImportedModel.HeldOutScores> scores =
                calibrateOn.isEmpty() ? Optional.empty() : Optional.of(scores(imported, preprocessing));
        ModelBundle bundle = imported.publish(new ModelRegistry(registry), name, scores);
        System.out.printf(
                "published %s to %s (sha256 of %s: %s)%n",
                bundle.reference(), registry, file.getFileName(), source.sha256());
        return 0;
    }

    private ImportedModel.HeldOutScores scores(ImportedModel imported, Preprocessing preprocessing) {
        List<Dataset> datasets = calibrateOn.stream()
                .map(spec -> DataSources.load(spec, "auto", Map.of(), seed, preprocessing))
                .toList();
        Dataset all = CommonOptions.Data.combined(datasets);
        List<List<Sample>> halves = Splitter.holdOutSubjects(all.samples(), 0.5, seed);
        ImportedModel.HeldOutScores scores =
                ImportedModel.HeldOutScores.of(imported.model(), datasets, halves.get(1), halves.get(0));
        Evaluation test = scores.test();
        System.out.printf(
                Locale.ROOT,
                "held-out people of %s: temperature %.3f fitted on %d images; on the other %d: "
                        + "accuracy %.4f, loss %.4f, ECE %.4f -> %.4f%n",
                all.name(),
                scores.calibration().temperature(),
                scores.validation().n(),
                test.n(),
                test.accuracy(),
                test.loss(),
                scores.calibration().testEceBefore(),
                scores.calibration().testEceAfter());
        Printing.printEvaluation(System.out, test);
        return scores;
    }

    /** The Keras import served by ONNX Runtime where its graph can be written as ONNX, else by DL4J's graph. */
    private ImportedNetwork keras(Path file, PixelScale pixelScale) {
        ServableGraph graph = ServableGraph.of(KerasFile.inspect(file, ImportLimits.DEFAULT), pixelScale);
        if (dl4jGraph) {
            return graph;
        }
        OnnxTwin.Outcome twin = OnnxTwin.of(graph, pixelScale);
        if (twin instanceof OnnxTwin.Made made) {
            return made.twin();
        }
        System.out.println("served by DL4J's graph (slower): " + ((OnnxTwin.NotMade) twin).why());
        return graph;
    }

    /** FILE.labels, else labels.txt, beside the model file. */
    private static Path sidecar(Path file) {
        Path own = file.resolveSibling(file.getFileName() + ".labels");
        Path shared = file.resolveSibling("labels.txt");
        if (Files.isRegularFile(own)) {
            return own;
        }
        if (Files.isRegularFile(shared)) {
            return shared;
        }
        throw new IllegalArgumentException("no class order for " + file.getFileName()
                + ": give --labels or write it to " + own.getFileName() + " beside the file");
    }
}
