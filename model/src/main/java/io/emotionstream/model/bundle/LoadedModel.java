package io.emotionstream.model.bundle;

import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.Emotion;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A verified bundle ready to run: tensors made with its {@link #preprocessing()} in, probabilities (uncalibrated,
 * {@link Emotion} order) out, whatever the network's own input layout and class order: the model's own classes,
 * neutral included, as serving publishes them ({@link #classProbabilities}), or the six emotions alone, for scoring on
 * six-class data ({@link #probabilities}). Thread-safe: serving's stream threads and the evaluators share one.
 */
public final class LoadedModel {
    private final NetworkForward forward;
    private final Preprocessing preprocessing;
    private final OutputClasses classes;
    private final boolean channelsLast;

    LoadedModel(NetworkForward forward, Preprocessing preprocessing, OutputClasses classes, boolean channelsLast) {
        this.forward = forward;
        this.preprocessing = preprocessing;
        this.classes = classes;
        this.channelsLast = channelsLast;
    }

    /**
     * A graph that is not in a bundle yet: an import being checked and calibrated before it is published. Checked
     * like a loaded bundle: one tensor in, one row per label out.
     */
    public static LoadedModel of(
            ComputationGraph graph, Preprocessing preprocessing, OutputClasses classes, boolean channelsLast) {
        return of(NetworkForward.of(graph), preprocessing, classes, channelsLast);
    }

    /** Any forward pass that is not in a bundle yet (an imported ONNX file), checked the same way. */
    public static LoadedModel of(
            NetworkForward forward, Preprocessing preprocessing, OutputClasses classes, boolean channelsLast) {
        return new LoadedModel(forward, preprocessing, classes, channelsLast).checkedOutputs();
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Which forward path runs, for logs and benchmark reports. */
    public String path() {
        return forward.path();
    }

    /** The model's classes in {@link Emotion} order: the six, then neutral if it has it. */
    public List<Emotion> classes() {
        return classes.classes();
    }

    /** One row per tensor of the model's classes' probabilities ({@link #classes()} order). */
    public float[][] classProbabilities(List<float[]> tensors) {
        return rows(tensors, classes::inClassOrder);
    }

    /** One row of six probabilities per tensor: the six emotions (a neutral output left out, the six renormalised). */
    public float[][] probabilities(List<float[]> tensors) {
        return rows(tensors, classes::emotions);
    }

    /** The network's rows for {@code tensors}, each read by {@code view} unless output i is already emotion i. */
    private float[][] rows(List<float[]> tensors, UnaryOperator<float[]> view) {
        float[][] rows = forward.probabilities(NetworkInput.of(tensors, preprocessing.format(), channelsLast));
        if (classes.isIdentity()) {
            return rows;
        }
        float[][] viewed = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            viewed[i] = view.apply(rows[i]);
        }
        return viewed;
    }

    /** This model, after one zero tensor of its format gave one row per label. */
    LoadedModel checkedOutputs() {
        float[][] rows;
        try {
            rows = forward.probabilities(NetworkInput.of(
                    List.of(new float[preprocessing.format().pixels()]), preprocessing.format(), channelsLast));
        } catch (RuntimeException e) {
            throw new BundleException(
                    BundleException.Reason.WRONG_SHAPE,
                    "network does not accept a " + preprocessing.format() + " tensor: " + e.getMessage(),
                    e);
        }
        if (rows.length != 1 || rows[0].length != classes.outputs()) {
            throw new BundleException(
                    BundleException.Reason.WRONG_SHAPE,
                    "network outputs " + rows.length + " rows of " + (rows.length == 0 ? 0 : rows[0].length)
                            + ", expected 1 row of " + classes.outputs() + " (one per label)");
        }
        return this;
    }
}
