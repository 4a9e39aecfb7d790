package io.emotionstream.model.bundle;

import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.network.OnnxForward;
import io.emotionstream.model.network.OnnxModel;
import io.emotionstream.model.network.OnnxModelException;
import io.emotionstream.model.network.SeedNetwork;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelEngine;
import io.emotionstream.schemas.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * One immutable model version on disk: {@code <registry>/<name>/<version>/} holding {@code manifest.json} and the
 * model file, as the manifest's engine says: a DL4J MultiLayerNetwork (trained here) or ComputationGraph (imported
 * from Keras), saved without updater state, or an ONNX file (imported) that ONNX Runtime runs. Loading verifies the checksum, the input shape and the label set before anyone can
 * classify with it.
 */
public record ModelBundle(Path directory, ModelManifest manifest) {
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String MODEL_FILE = "model.zip";
    /** The model file of an {@link ModelEngine#ONNX_RUNTIME} bundle: the imported ONNX file, byte for byte. */
    public static final String ONNX_MODEL_FILE = "model.onnx";

    /** Reads and schema-checks the manifest of a bundle directory. */
    public static ModelBundle open(Path directory) {
        Path manifestFile = directory.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException(BundleException.Reason.NOT_FOUND, "no " + MANIFEST_FILE + " in " + directory);
        }
        ModelManifest manifest;
        try {
            manifest = ManifestJson.read(Files.readString(manifestFile));
        } catch (IOException e) {
            throw new BundleException(
                    BundleException.Reason.UNREADABLE_MANIFEST, manifestFile + ": " + e.getMessage(), e);
        }
        if (!isPlainFileName(manifest.getModelFile())) {
            throw new BundleException(
                    BundleException.Reason.UNREADABLE_MANIFEST,
                    manifestFile + ": modelFile '" + manifest.getModelFile()
                            + "' is not a file name inside the bundle directory");
        }
        return new ModelBundle(directory, manifest);
    }

    /**
     * True for a name that stays inside the bundle directory: no separators, not {@code .} or {@code ..}, not the
     * manifest itself. A manifest comes from a release record anyone could write; its model file must not point at
     * {@code ../../somewhere}.
     */
    public static boolean isPlainFileName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") && !name.equals(MANIFEST_FILE);
    }

    public String name() {
        return manifest.getName();
    }

    public int version() {
        return manifest.getVersion();
    }

    /** name:version, how logs and reports refer to a model. */
    public String reference() {
        return name() + ":" + version();
    }

    /**
     * The temperature and reference mix serving applies; empty for bundles written before calibration existed. A
     * manifest (signed or not) with a temperature that is not positive and finite, or a mix without six shares, is
     * refused like any other bad manifest.
     */
    public Optional<Calibration> calibration() {
        try {
            Optional<Calibration> calibration = Calibration.of(manifest.getCalibration());
            int classes = outputClasses().classes().size();
            // a seven-class bundle published before neutral was served has a six-share mix: still a valid reference
            int shares = calibration.map(c -> c.referenceMix().length).orElse(0);
            if (shares > classes) {
                throw new IllegalArgumentException(
                        "a reference mix of " + shares + " shares for a model of " + classes + " classes");
            }
            return calibration;
        } catch (IllegalArgumentException e) {
            throw new BundleException(
                    BundleException.Reason.UNREADABLE_MANIFEST, reference() + ": calibration: " + e.getMessage(), e);
        }
    }

    /** How images must become this model's input: face location and tensor format, as it was trained. */
    public Preprocessing preprocessing() {
        try {
            return Preprocessing.of(manifest.getPreprocessing());
        } catch (IllegalArgumentException e) {
            throw new BundleException(
                    BundleException.Reason.UNSUPPORTED_PREPROCESSING, reference() + ": " + e.getMessage(), e);
        }
    }

    /** The face location part of {@link #preprocessing()}. */
    public FaceLocation faceLocation() {
        return preprocessing().faceLocation();
    }

    /** Which runtime deserialises and runs the model file. */
    public ModelEngine engine() {
        return manifest.getEngine();
    }

    /** Which network output is which emotion. */
    public OutputClasses outputClasses() {
        return OutputClasses.of(manifest.getLabels());
    }

    /**
     * Checks what a manifest promises without loading anything: known labels, implemented preprocessing, and an input
     * shape that is the preprocessing's tensor (one channel, NCHW, or NHWC for a graph). Release verification runs
     * it on every record before a bundle is written to disk.
     */
    public static void checkDescribes(ModelManifest manifest) {
        OutputClasses.of(manifest.getLabels());
        Preprocessing preprocessing;
        try {
            preprocessing = Preprocessing.of(manifest.getPreprocessing());
        } catch (IllegalArgumentException e) {
            throw new BundleException(BundleException.Reason.UNSUPPORTED_PREPROCESSING, e.getMessage(), e);
        }
        InputSpec input = manifest.getInput();
        int side = preprocessing.format().size();
        boolean anyLayout = manifest.getEngine() != ModelEngine.DL4J_MULTILAYER;
        boolean layoutKnown = "NCHW".equals(input.getLayout()) || ("NHWC".equals(input.getLayout()) && anyLayout);
        if (input.getHeight() != side || input.getWidth() != side || input.getChannels() != 1 || !layoutKnown) {
            throw new BundleException(
                    BundleException.Reason.WRONG_SHAPE,
                    "input " + input + " is not the "
                            + side + "x" + side + "x1 tensor of preprocessing " + preprocessing.id()
                            + (anyLayout ? " (layout NCHW or NHWC)" : " (layout NCHW)"));
        }
    }

    /**
     * Verifies what the manifest promises and the model file's sha256, then deserialises the network (inference
     * only: no updater) and checks it turns one tensor of the preprocessing's format into one row per label.
     */
    public LoadedModel load() {
        checkDescribes(manifest);
        Preprocessing preprocessing = preprocessing();
        OutputClasses classes = outputClasses();
        boolean channelsLast = "NHWC".equals(manifest.getInput().getLayout());
        NetworkForward forward = switch (engine()) {
            case DL4J_MULTILAYER -> NetworkForward.of(restoreMultiLayer());
            case DL4J_GRAPH -> NetworkForward.of(restoreGraph());
            case ONNX_RUNTIME -> new OnnxForward(restoreOnnx(), manifest.getOutputs());
        };
        return new LoadedModel(forward, preprocessing, classes, channelsLast).checkedOutputs();
    }

    /** The seed CNN or any other MultiLayerNetwork bundle as a DL4J network (what training continues from). */
    public MultiLayerNetwork loadNetwork() {
        checkDescribes(manifest);
        if (engine() != ModelEngine.DL4J_MULTILAYER) {
            throw new BundleException(
                    BundleException.Reason.UNREADABLE_MODEL,
                    reference() + " is a " + engine() + " model, not a MultiLayerNetwork");
        }
        MultiLayerNetwork network = restoreMultiLayer();
        new LoadedModel(NetworkForward.of(network), preprocessing(), outputClasses(), false).checkedOutputs();
        return network;
    }

    /** An imported Keras network kept as a DL4J graph ({@code DL4J_GRAPH}): what fine-tuning starts from. */
    public ComputationGraph loadGraph() {
        checkDescribes(manifest);
        if (engine() != ModelEngine.DL4J_GRAPH) {
            throw new BundleException(
                    BundleException.Reason.UNREADABLE_MODEL,
                    reference() + " is a " + engine() + " model, not a ComputationGraph");
        }
        return restoreGraph();
    }

    private MultiLayerNetwork restoreMultiLayer() {
        Path modelFile = verifiedModelFile();
        try {
            return SeedNetwork.of(ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), false));
        } catch (IOException | RuntimeException e) {
            throw new BundleException(BundleException.Reason.UNREADABLE_MODEL, modelFile + ": " + e.getMessage(), e);
        }
    }

    private ComputationGraph restoreGraph() {
        Path modelFile = verifiedModelFile();
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(modelFile.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(BundleException.Reason.UNREADABLE_MODEL, modelFile + ": " + e.getMessage(), e);
        }
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new BundleException(
                    BundleException.Reason.WRONG_SHAPE,
                    modelFile + ": a graph with " + graph.getNumInputArrays() + " inputs and "
                            + graph.getNumOutputArrays() + " outputs (one of each is served)");
        }
        return graph;
    }

    private OnnxModel restoreOnnx() {
        Path modelFile = verifiedModelFile();
        try {
            return OnnxModel.load(Files.readAllBytes(modelFile));
        } catch (IOException | OnnxModelException e) {
            throw new BundleException(BundleException.Reason.UNREADABLE_MODEL, modelFile + ": " + e.getMessage(), e);
        }
    }

    private Path verifiedModelFile() {
        Path modelFile = directory.resolve(manifest.getModelFile());
        try {
            String actual = Sha256.of(modelFile);
            if (!actual.equals(manifest.getModelSha256())) {
                throw new BundleException(
                        BundleException.Reason.CHECKSUM_MISMATCH,
                        modelFile + " has sha256 " + actual + " but the manifest says " + manifest.getModelSha256());
            }
        } catch (IOException e) {
            throw new BundleException(
                    BundleException.Reason.NOT_FOUND, "cannot read " + modelFile + ": " + e.getMessage(), e);
        }
        NativeRuntime.init();
        return modelFile;
    }
}
