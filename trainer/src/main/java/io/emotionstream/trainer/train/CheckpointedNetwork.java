package io.emotionstream.trainer.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network as a checkpoint keeps it: its configuration (DL4J's JSON, which carries the iteration and epoch counts the
 * optimiser's schedule reads), its parameters and its optimiser's state, each a plain run of little-endian floats.
 * Read back, every size is checked against what the configuration implies before anything is allocated, so a damaged
 * or hostile checkpoint is refused with a reason instead of asking for gigabytes (a serialised array's own header
 * could declare any length).
 */
final class CheckpointedNetwork {
    /**
     * The most parameters a checkpointed network may have: 400 MB of floats, far above any network the hyperparameter
     * search builds (the seed CNN has 609,094).
     */
    static final long MAX_PARAMETERS = 100_000_000L;

    private CheckpointedNetwork() {
    }

    static byte[] configuration(MultiLayerNetwork network) {
        return network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] parameters(MultiLayerNetwork network) {
        return floats(network.params());
    }

    static byte[] optimiserState(MultiLayerNetwork network) {
        INDArray state = network.getUpdater().getStateViewArray();
        return state == null ? new byte[0] : floats(state);
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
        requireFloats("parameters", parameters, expected);
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init(toArray(parameters), false);
        INDArray state = network.getUpdater().getStateViewArray();
        requireFloats("optimiser state", optimiserState, state == null ? 0 : state.length());
        if (state != null) {
            state.assign(toArray(optimiserState));
        }
        return network;
    }

    /** What the configuration's layers hold, computed from their sizes alone (nothing allocated). */
    private static long parameterCount(MultiLayerConfiguration conf) {
        long total = 0;
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            long n = layer.getLayer().initializer().numParams(layer);
            if (n < 0 || n > MAX_PARAMETERS - total) {
                throw new IllegalArgumentException("the network's configuration declares more than " + MAX_PARAMETERS
                        + " parameters");
            }
            total += n;
        }
        return total;
    }

    private static void requireFloats(String part, byte[] bytes, long count) {
        if (bytes.length != count * Float.BYTES) {
            throw new IllegalArgumentException("the network's " + part + " hold " + bytes.length + " bytes; its "
                    + "configuration implies " + count + " floats (" + count * Float.BYTES + " bytes)");
        }
    }

    /** An array's values as little-endian floats (a row of parameters, an optimiser's state). */
    static byte[] floats(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("only float32 networks are checkpointed, not " + array.dataType());
        }
        float[] values = array.dup().data().asFloat(); // a copy of its own: a view's buffer may be longer
        ByteBuffer out = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values);
        return out.array();
    }

    /** A row of the floats {@link #floats} wrote; its length is the caller's to check. */
    static INDArray toArray(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return Nd4j.createFromArray(values).reshape(1, values.length);
    }
}
