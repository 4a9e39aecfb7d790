package io.emotionstream.trainer.imported;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.model.SourceFormat;

/**
 * A network read from a model file and checked, as serving will run it: what an import scores and publishes,
 * whatever the file's format ({@link ServableGraph} for Keras, {@link OnnxFile} for ONNX).
 */
public interface ImportedNetwork {

    SourceFormat format();

    /** Side of the square grayscale image the network takes. */
    int side();

    /** True when the served network takes NHWC tensors (with one channel, the same floats as NCHW). */
    boolean channelsLast();

    /** Whether the network ends in a softmax or serving must add it. */
    OutputKind outputs();

    /** The forward pass serving will run. */
    NetworkForward forward();

    /** The manifest's framework line: which runtime serves it, from which format. */
    String framework();

    /** One line for the console: how it is served and how that was checked. */
    String describe();

    /** Writes the model file and {@code draft} (everything but engine, version and file) as the next version. */
    ModelBundle publish(ModelRegistry registry, ModelManifest.Builder draft);

    /** The input layout as a manifest records it. */
    default String layout() {
        return channelsLast() ? "NHWC" : "NCHW";
    }
}
