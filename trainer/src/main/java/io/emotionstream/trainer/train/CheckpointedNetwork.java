package io.emotionstream.trainer.train;

import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network as a checkpoint keeps it: its configuration (DL4J's JSON, which carries the iteration and epoch counts the
 * optimiser's schedule reads), its parameters and its optimiser's state, each a plain run of little-endian floats.
 * Read back, every size is checked against what the configuration implies before anything is allocated, so a damaged
 * or hostile checkpoint is refused with a reason instead of asking for gigabytes (a serialised array's own header
 * could declare any length).
 */
final class CheckpointedNetwork {
    static final long MAX_PARAMETERS = CheckpointFile.MAX_PARAMETERS;

    private CheckpointedNetwork() {}

    static byte[] configuration(MultiLayerNetwork network) {
        return network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] parameters(MultiLayerNetwork network) {
        return CheckpointFile.floats(network.params());
    }

    /**
     * The network the three parts describe, or an {@link IllegalArgumentException} saying which part does not fit:
     * a configuration that is not one, more parameters than {@link #MAX_PARAMETERS}, or a part whose length is not
     * the configuration's.
     */
    static MultiLayerNetwork read(byte[] configuration, byte[] parameters, byte[] optimiserState) {
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(new String(configuration, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the network's configuration is not readable: " + e.getMessage(), e);
        }
        long expected = parameterCount(conf);
        CheckpointFile.requireFloats("parameters", parameters, expected);
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init(CheckpointFile.toArray(parameters), false);
        CheckpointFile.restoreOptimiserState(network.getUpdater(), optimiserState);
        return network;
    }

    /** What the configuration's layers hold, computed from their sizes alone (nothing allocated). */
    private static long parameterCount(MultiLayerConfiguration conf) {
        long total = 0;
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            long n = layer.getLayer().initializer().numParams(layer);
            if (n < 0 || n > MAX_PARAMETERS - total) {
                throw new IllegalArgumentException(
                        "the network's configuration declares more than " + MAX_PARAMETERS + " parameters");
            }
            total += n;
        }
        return total;
    }
}
