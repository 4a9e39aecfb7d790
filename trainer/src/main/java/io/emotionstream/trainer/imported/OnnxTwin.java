package io.emotionstream.trainer.imported;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.network.OnnxForward;
import io.emotionstream.model.network.OnnxModel;
import io.emotionstream.model.network.OnnxModelException;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.model.SourceFormat;
import io.emotionstream.trainer.imported.onnx.GraphToOnnx;
import java.util.Locale;

/**
 * A Keras import served by ONNX Runtime: the checked DL4J graph written as ONNX ({@link GraphToOnnx}), loaded, and
 * held to the same plain-kernel reference outputs the graph was held to ({@link ServableGraph#TOLERANCE}). Empty
 * when the graph has a layer the writer does not cover, or the twin computes differently: the caller then serves
 * the DL4J graph, and says why.
 */
public record OnnxTwin(byte[] bytes, OnnxModel model, ServableGraph graph, double maxDifference)
        implements ImportedNetwork {

    /** The twin, or why there is none. */
    public sealed interface Outcome permits Made, NotMade {}

    public record Made(OnnxTwin twin) implements Outcome {}

    public record NotMade(String why) implements Outcome {}

    public static Outcome of(ServableGraph graph, PixelScale scale) {
        int classes = graph.referenceOutputs()[0].length;
        byte[] bytes;
        OnnxModel model;
        try {
            bytes = GraphToOnnx.convert(graph.graph(), graph.side(), classes, "emotion-stream trainer import");
            model = OnnxModel.load(bytes);
        } catch (GraphToOnnx.Unsupported | OnnxModelException e) {
            return new NotMade(e.getMessage());
        }
        float[][] served = model.run(CheckImages.of(new TensorFormat(graph.side(), scale)), CheckImages.COUNT);
        double difference = LargestDifference.of(served, graph.referenceOutputs());
        if (!(difference <= ServableGraph.TOLERANCE)) {
            return new NotMade(
                    String.format(Locale.ROOT, "its ONNX twin differs from the plain kernels by %.3g", difference));
        }
        return new Made(new OnnxTwin(bytes, model, graph, difference));
    }

    @Override
    public SourceFormat format() {
        return SourceFormat.KERAS_HDF5;
    }

    @Override
    public int side() {
        return graph.side();
    }

    @Override
    public boolean channelsLast() {
        return false;
    }

    @Override
    public OutputKind outputs() {
        return OutputKind.PROBABILITIES;
    }

    @Override
    public NetworkForward forward() {
        return new OnnxForward(model, OutputKind.PROBABILITIES);
    }

    @Override
    public String framework() {
        return "onnxruntime " + OnnxModel.runtimeVersion()
                + " (imported from Keras 2 HDF5 by deeplearning4j, written as ONNX)";
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT,
                "served by ONNX Runtime NCHW, written from DL4J's import, within %.1e of " + "DL4J's plain kernels",
                maxDifference);
    }

    @Override
    public ModelBundle publish(ModelRegistry registry, ModelManifest.Builder draft) {
        return registry.publishOnnx(bytes, draft);
    }
}
