package io.emotionstream.model.network;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Class probabilities of a batch, from any thread: what serving and the benchmarks call. A seed-shaped network runs
 * {@link SeedForward} (one copy of the weights for all threads); any other keeps DL4J's own forward pass, one replica
 * per calling thread (DL4J networks are not thread-safe).
 */
public interface NetworkForward {

    /** Class probabilities of an {@code [n, 1, 48, 48]} batch, one row per image. */
    float[][] probabilities(INDArray batch);

    /** Which path runs, for logs and benchmark reports: "seed-forward" or "dl4j". */
    String path();

    static NetworkForward of(MultiLayerNetwork network) {
        return SeedForward.of(network).<NetworkForward>map(lean -> lean).orElseGet(() -> new Replicas(network));
    }

    /** DL4J's forward pass on a per-thread clone. A clone reads the source's parameters, hence the lock. */
    final class Replicas implements NetworkForward {
        private final ThreadLocal<MultiLayerNetwork> replicas;

        Replicas(MultiLayerNetwork network) {
            this.replicas = ThreadLocal.withInitial(() -> {
                synchronized (network) {
                    return network.clone();
                }
            });
        }

        @Override
        public float[][] probabilities(INDArray batch) {
            return replicas.get().output(batch, false).toFloatMatrix();
        }

        @Override
        public String path() {
            return "dl4j";
        }
    }
}
