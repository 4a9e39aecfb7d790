package io.emotionstream.trainer.finetune;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.model.ModelEngine;
import io.emotionstream.schemas.model.ModelSource;
import io.emotionstream.schemas.model.SourceFormat;
import io.emotionstream.trainer.imported.ImportLimits;
import io.emotionstream.trainer.imported.KerasFile;
import io.emotionstream.trainer.imported.ServableGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The trainable DL4J graph of a parent bundle: the bundle's own graph ({@code DL4J_GRAPH}), a seed CNN's network as a
 * graph ({@code DL4J_MULTILAYER}), or, for a Keras import
 * served by ONNX Runtime (an ONNX file cannot be trained), the same Keras file imported again, which must be the very
 * file the bundle records (its sha256). A bundle that was itself fine-tuned and is served as ONNX has no trainable
 * copy: fine-tune from its parent instead. {@code freshWeights}: the architecture alone, its weights drawn afresh.
 */
public record ParentGraph(ComputationGraph graph, boolean channelsLast, boolean freshWeights) {

    /** The parent's own weights. */
    public ParentGraph(ComputationGraph graph, boolean channelsLast) {
        this(graph, channelsLast, false);
    }

    /**
     * The same architecture with fresh weights: every layer's own initialiser (what the file declares for an import),
     * drawn from {@code seed}; batch normalisation back to mean 0, variance 1.
     */
    public ParentGraph withFreshWeights(long seed) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        conf.getDefaultConfiguration().setSeed(seed); // DL4J seeds its generator from it before drawing the weights
        ComputationGraph fresh = new ComputationGraph(conf);
        fresh.init();
        return new ParentGraph(fresh, channelsLast, true);
    }

    public static ParentGraph of(ModelBundle parent, Optional<Path> kerasSource) {
        if (parent.engine() == ModelEngine.DL4J_GRAPH) {
            return new ParentGraph(
                    parent.loadGraph(),
                    "NHWC".equals(parent.manifest().getInput().getLayout()));
        }
        if (parent.engine() == ModelEngine.DL4J_MULTILAYER) {
            // the seed CNN and its retrainings: the same layers and weights as a graph (DL4J's own conversion)
            return new ParentGraph(parent.loadNetwork().toComputationGraph(), false);
        }
        ModelSource source = parent.manifest().getSource();
        if (parent.engine() != ModelEngine.ONNX_RUNTIME
                || source == null
                || source.getFormat() != SourceFormat.KERAS_HDF5
                || parent.manifest().getParent() != null) {
            throw new IllegalArgumentException(
                    parent.reference() + " (" + parent.engine() + (source == null ? "" : ", from " + source.getFormat())
                            + (parent.manifest().getParent() != null ? ", fine-tuned" : "")
                            + ") cannot be fine-tuned here: --init takes a Keras import (with --init-source), a DL4J graph or a "
                            + "seed CNN");
        }
        Path file =
                kerasSource.orElseThrow(() -> new IllegalArgumentException(parent.reference() + " is served as ONNX: "
                        + "give the Keras file it was imported from with --init-source (" + source.getFile() + ")"));
        String sha256;
        try {
            sha256 = Sha256.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!sha256.equals(source.getSha256())) {
            throw new IllegalArgumentException(file + " is not the file " + parent.reference() + " was imported from "
                    + "(sha256 " + sha256 + ", the manifest says " + source.getSha256() + ")");
        }
        Preprocessing preprocessing = parent.preprocessing();
        ServableGraph graph = ServableGraph.of(
                KerasFile.inspect(file, ImportLimits.DEFAULT),
                preprocessing.format().scale());
        return new ParentGraph(graph.graph(), graph.channelsLast());
    }
}
