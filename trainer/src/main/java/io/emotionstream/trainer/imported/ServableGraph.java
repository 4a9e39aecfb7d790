package io.emotionstream.trainer.imported;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.model.SourceFormat;
import io.emotionstream.trainer.report.ManifestFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An imported graph as serving will run it (oneDNN helpers on, channels first where it can be rewritten), held to
 * what the file's network computes: the same file imported onto ND4J's plain kernels, on random images of the input
 * format ({@link CheckImages}; the reference's outputs are kept for the ONNX twin, {@link OnnxTwin}). A graph whose
 * served outputs differ from that reference is refused, never published.
 */
public record ServableGraph(
        ComputationGraph graph, int side, boolean channelsLast, double maxDifference, float[][] referenceOutputs)
        implements ImportedNetwork {
    /** Largest difference of any output probability between served and reference graph that is accepted. */
    public static final double TOLERANCE = 1e-4;

    public static ServableGraph of(KerasFile file, PixelScale scale) {
        TensorFormat format = new TensorFormat(file.input().side(), scale);
        ComputationGraph imported = file.importGraph();
        ComputationGraph reference = NativeRuntime.withoutLayerHelpers(file::importGraph);
        boolean channelsLast = file.input().channelsLast();
        Optional<ComputationGraph> nchw = channelsLast ? ChannelsFirst.of(imported) : Optional.empty();
        ComputationGraph served = nchw.orElse(imported);
        boolean servedChannelsLast = nchw.isEmpty() && channelsLast;
        return checked(
                served,
                servedChannelsLast,
                reference,
                channelsLast,
                format,
                difference -> new ImportRefusedException(
                        ImportRefusal.UNSUPPORTED_LAYER,
                        String.format(
                                Locale.ROOT,
                                "the graph computes differently on this "
                                        + "machine's fast kernels (largest difference %.3g in a probability, above %.0e) than on the "
                                        + "plain ones",
                                difference,
                                TOLERANCE)));
    }

    /**
     * A graph made here (a fine-tuned import) as serving will run it, held to the same graph cloned onto ND4J's plain
     * kernels. It is served as it is: no layout rewrite.
     */
    public static ServableGraph of(ComputationGraph graph, TensorFormat format, boolean channelsLast) {
        ComputationGraph reference = NativeRuntime.withoutLayerHelpers(graph::clone);
        return checked(
                graph,
                channelsLast,
                reference,
                channelsLast,
                format,
                difference -> new IllegalStateException(String.format(
                        Locale.ROOT,
                        "the graph computes differently on this machine's fast kernels (largest "
                                + "difference %.3g) than on the plain ones",
                        difference)));
    }

    /** {@code served}, once its outputs on the check images are within {@link #TOLERANCE} of {@code reference}'s. */
    private static ServableGraph checked(
            ComputationGraph served,
            boolean servedChannelsLast,
            ComputationGraph reference,
            boolean referenceChannelsLast,
            TensorFormat format,
            DoubleFunction<RuntimeException> refusal) {
        float[] pixels = CheckImages.of(format);
        INDArray referenceOut = reference.outputSingle(false, input(pixels, format.size(), referenceChannelsLast));
        INDArray servedOut = served.outputSingle(false, input(pixels, format.size(), servedChannelsLast));
        double difference = referenceOut.sub(servedOut).amaxNumber().doubleValue();
        if (!(difference <= TOLERANCE)) {
            throw refusal.apply(difference);
        }
        return new ServableGraph(served, format.size(), servedChannelsLast, difference, referenceOut.toFloatMatrix());
    }

    @Override
    public SourceFormat format() {
        return SourceFormat.KERAS_HDF5;
    }

    /** Keras classifiers end in their softmax layer. */
    @Override
    public OutputKind outputs() {
        return OutputKind.PROBABILITIES;
    }

    @Override
    public NetworkForward forward() {
        return NetworkForward.of(graph);
    }

    @Override
    public String framework() {
        return ManifestFactory.FRAMEWORK + " (imported from Keras 2 HDF5)";
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT, "served by DL4J %s, within %.1e of the plain kernels", layout(), maxDifference);
    }

    @Override
    public ModelBundle publish(ModelRegistry registry, ModelManifest.Builder draft) {
        return registry.publish(graph, draft);
    }

    private static INDArray input(float[] pixels, long side, boolean channelsLast) {
        long[] shape = channelsLast
                ? new long[] {CheckImages.COUNT, side, side, 1}
                : new long[] {CheckImages.COUNT, 1, side, side};
        return Nd4j.create(pixels, shape, 'c');
    }
}
