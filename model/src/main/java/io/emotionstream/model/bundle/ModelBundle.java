package io.emotionstream.model.bundle;

import io.emotionstream.model.Emotion;
import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.network.SeedNetwork;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One immutable model version on disk: {@code <registry>/<name>/<version>/} holding {@code manifest.json} and the
 * DL4J model file (saved without updater state). Loading verifies the checksum, the input shape and the label set
 * before anyone can classify with it.
 */
public record ModelBundle(Path directory, ModelManifest manifest) {
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String MODEL_FILE = "model.zip";

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
            throw new BundleException(BundleException.Reason.UNREADABLE_MANIFEST, manifestFile + ": " + e.getMessage(), e);
        }
        if (!isPlainFileName(manifest.getModelFile())) {
            throw new BundleException(BundleException.Reason.UNREADABLE_MANIFEST, manifestFile + ": modelFile '"
                    + manifest.getModelFile() + "' is not a file name inside the bundle directory");
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
            return Calibration.of(manifest.getCalibration());
        } catch (IllegalArgumentException e) {
            throw new BundleException(BundleException.Reason.UNREADABLE_MANIFEST, reference() + ": calibration: " + e.getMessage(), e);
        }
    }

    /** How images must be preprocessed for this model: the face location it was trained with. */
    public FaceLocation faceLocation() {
        try {
            return ImagePreprocessor.faceLocationOf(manifest.getPreprocessing());
        } catch (IllegalArgumentException e) {
            throw new BundleException(BundleException.Reason.UNSUPPORTED_PREPROCESSING, reference() + ": " + e.getMessage(), e);
        }
    }

    /** Verifies sha256, shape, labels and preprocessing, then deserialises the network (inference only: no updater). */
    public MultiLayerNetwork loadNetwork() {
        checkLabels();
        faceLocation();
        checkInput(manifest.getInput());
        Path modelFile = directory.resolve(manifest.getModelFile());
        try {
            String actual = Sha256.of(modelFile);
            if (!actual.equals(manifest.getModelSha256())) {
                throw new BundleException(BundleException.Reason.CHECKSUM_MISMATCH, modelFile + " has sha256 " + actual
                        + " but the manifest says " + manifest.getModelSha256());
            }
        } catch (IOException e) {
            throw new BundleException(BundleException.Reason.NOT_FOUND, "cannot read " + modelFile + ": " + e.getMessage(), e);
        }
        NativeRuntime.init();
        MultiLayerNetwork network;
        try {
            network = SeedNetwork.of(ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), false));
        } catch (IOException | RuntimeException e) {
            throw new BundleException(BundleException.Reason.UNREADABLE_MODEL, modelFile + ": " + e.getMessage(), e);
        }
        checkOutputs(network);
        return network;
    }

    private void checkLabels() {
        if (!manifest.getLabels().equals(Emotion.labels())) {
            throw new BundleException(BundleException.Reason.WRONG_LABELS,
                    "labels " + manifest.getLabels() + " are not " + Emotion.labels());
        }
    }

    private static void checkInput(InputSpec input) {
        if (!input.equals(SeedCnn.inputSpec())) {
            throw new BundleException(BundleException.Reason.WRONG_SHAPE, "input " + input + " is not " + SeedCnn.inputSpec());
        }
    }

    private static void checkOutputs(MultiLayerNetwork network) {
        try {
            long[] shape = network.output(Nd4j.zeros(1, 1, 48, 48), false).shape();
            if (shape.length != 2 || shape[1] != Emotion.COUNT) {
                throw new BundleException(BundleException.Reason.WRONG_SHAPE,
                        "network outputs shape " + Arrays.toString(shape) + ", expected [n, " + Emotion.COUNT + "]");
            }
        } catch (BundleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BundleException(BundleException.Reason.WRONG_SHAPE, "network does not accept 1x48x48 input: " + e.getMessage(), e);
        }
    }
}
