package io.emotionstream.trainer.finetune;

import io.emotionstream.model.network.OnnxModel;
import io.emotionstream.trainer.imported.onnx.GraphToOnnx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs a fine-tuning graph's frozen part once per image and returns the activations the trained head reads: on ONNX
 * Runtime when the frozen part translates ({@link GraphToOnnx#prefix}) and agrees with DL4J's graph on the first
 * images (an order of magnitude faster for an imported network), else on DL4J's graph.
 */
final class FrozenActivations {
    /** Largest difference from DL4J's activations, relative to their largest magnitude, that ONNX Runtime may show. */
    static final double TOLERANCE = 1e-4;

    private static final int CHUNK = 64;

    private final ComputationGraph whole;
    private final List<String> boundary;
    private final OnnxModel onnx;
    private final long[] shape;
    private final String engine;

    private FrozenActivations(
            ComputationGraph whole, List<String> boundary, OnnxModel onnx, long[] shape, String engine) {
        this.whole = whole;
        this.boundary = boundary;
        this.onnx = onnx;
        this.shape = shape;
        this.engine = engine;
    }

    private static FrozenActivations onDl4j(ComputationGraph whole, List<String> boundary, String why) {
        return new FrozenActivations(whole, boundary, null, null, "DL4J graph (" + why + ")");
    }

    /** Chooses the engine, trying ONNX Runtime on {@code probe} (some of the images, channels first). */
    static FrozenActivations choose(ComputationGraph whole, List<String> boundary, INDArray probe) {
        if (boundary.size() != 1 || probe.rank() != 4 || probe.size(1) != 1 || probe.size(2) != probe.size(3)) {
            return onDl4j(
                    whole,
                    boundary,
                    "the head reads " + boundary.size() + " activations, or the input is not one " + "channel first");
        }
        INDArray expected = whole.feedForward(probe, false).get(boundary.get(0));
        long width = expected.length() / expected.size(0);
        OnnxModel onnx;
        try {
            onnx = OnnxModel.load(GraphToOnnx.prefix(
                    whole, boundary.get(0), (int) probe.size(2), width, "emotion-stream fine-tuning"));
        } catch (GraphToOnnx.Unsupported e) {
            return onDl4j(whole, boundary, "no ONNX translation: " + e.getMessage());
        }
        FrozenActivations candidate = new FrozenActivations(
                whole, boundary, onnx, expected.shape(), "ONNX Runtime " + OnnxModel.runtimeVersion());
        INDArray actual = candidate.onOnnx(probe);
        double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
        double difference = actual.sub(expected).amaxNumber().doubleValue() / scale;
        if (difference > TOLERANCE) {
            return onDl4j(
                    whole,
                    boundary,
                    "ONNX Runtime differed by " + String.format("%.1e", difference) + " of the largest activation");
        }
        return candidate;
    }

    /** Which engine runs the frozen part, and why when it is not ONNX Runtime. */
    String engine() {
        return engine;
    }

    /** The boundary activations of {@code images}, one array per boundary vertex, in chunks of {@value #CHUNK}. */
    INDArray[] of(INDArray images) {
        List<List<INDArray>> parts = new ArrayList<>();
        boundary.forEach(name -> parts.add(new ArrayList<>()));
        for (long from = 0; from < images.size(0); from += CHUNK) {
            INDArray chunk = images.get(NDArrayIndex.interval(from, Math.min(images.size(0), from + CHUNK)));
            if (onnx == null) {
                Map<String, INDArray> activations = whole.feedForward(chunk, false);
                for (int b = 0; b < boundary.size(); b++) {
                    parts.get(b).add(activations.get(boundary.get(b)).dup('c'));
                }
            } else {
                parts.get(0).add(onOnnx(chunk));
            }
        }
        return parts.stream()
                .map(list -> Nd4j.concat(0, list.toArray(INDArray[]::new)))
                .toArray(INDArray[]::new);
    }

    /** ONNX Runtime's activations for {@code chunk}, shaped as DL4J's. */
    private INDArray onOnnx(INDArray chunk) {
        int images = (int) chunk.size(0);
        float[][] rows = onnx.run(chunk.dup('c').reshape(chunk.length()).toFloatVector(), images);
        float[] flat = new float[Math.toIntExact((long) images * rows[0].length)];
        for (int i = 0; i < images; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
        }
        long[] batchShape = Arrays.copyOf(shape, shape.length);
        batchShape[0] = images;
        return Nd4j.create(flat, batchShape, 'c');
    }
}
