package io.emotionstream.trainer.imported;

import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.runtime.NativeRuntime;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An imported graph as serving will run it (oneDNN helpers on, channels first where it can be rewritten), held to
 * what the file's network computes: the same file imported onto ND4J's plain kernels, on random images of the input
 * format. A graph whose served outputs differ from that reference is refused, never published.
 */
public record ServableGraph(ComputationGraph graph, boolean channelsLast, double maxDifference) {
    /** Largest difference of any output probability between served and reference graph that is accepted. */
    public static final double TOLERANCE = 1e-4;
    private static final int CHECK_IMAGES = 8;

    public static ServableGraph of(KerasFile file, TensorFormat format) {
        ComputationGraph imported = file.importGraph();
        ComputationGraph reference = NativeRuntime.withoutLayerHelpers(file::importGraph);
        boolean channelsLast = file.input().channelsLast();
        Optional<ComputationGraph> nchw = channelsLast ? ChannelsFirst.of(imported) : Optional.empty();
        ComputationGraph served = nchw.orElse(imported);
        boolean servedChannelsLast = nchw.isEmpty() && channelsLast;

        float[] pixels = randomImages(format);
        long side = format.size();
        INDArray referenceOut = reference.outputSingle(false, input(pixels, side, channelsLast));
        INDArray servedOut = served.outputSingle(false, input(pixels, side, servedChannelsLast));
        double difference = referenceOut.sub(servedOut).amaxNumber().doubleValue();
        if (!(difference <= TOLERANCE)) {
            throw new ImportRefusedException(ImportRefusal.UNSUPPORTED_LAYER, String.format(Locale.ROOT,
                    "the graph computes differently on this machine's fast kernels (largest difference %.3g in a "
                            + "probability, above %.0e) than on the plain ones", difference, TOLERANCE));
        }
        return new ServableGraph(served, servedChannelsLast, difference);
    }

    /** The input layout of {@link #graph()}, as a manifest records it. */
    public String layout() {
        return channelsLast ? "NHWC" : "NCHW";
    }

    private static float[] randomImages(TensorFormat format) {
        Random random = new Random(format.pixels());
        float[] pixels = new float[CHECK_IMAGES * format.pixels()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = format.scale().apply(random.nextInt(256));
        }
        return pixels;
    }

    private static INDArray input(float[] pixels, long side, boolean channelsLast) {
        long[] shape = channelsLast ? new long[] {CHECK_IMAGES, side, side, 1} : new long[] {CHECK_IMAGES, 1, side, side};
        return Nd4j.create(pixels, shape, 'c');
    }
}
