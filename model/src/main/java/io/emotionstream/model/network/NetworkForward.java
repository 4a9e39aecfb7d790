package io.emotionstream.model.network;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Class probabilities of a batch, from any thread: what serving and the benchmarks call. A seed-shaped network runs
 * {@link SeedForward} (one copy of the weights for all threads); any other network, and every graph (imported
 * models), keeps DL4J's own forward pass, one replica per calling thread (DL4J networks are not thread-safe).
 */
public interface NetworkForward {

    /** Class probabilities of a batch in the network's input shape ({@link NetworkInput}), one row per image. */
    float[][] probabilities(INDArray batch);

    /** Which path runs, for logs and benchmark reports: "seed-forward", "dl4j" or "dl4j-graph". */
    String path();

    static NetworkForward of(MultiLayerNetwork network) {
        return SeedForward.of(network).<NetworkForward>map(lean -> lean).orElseGet(() -> new Replicas(network));
    }

    static NetworkForward of(ComputationGraph graph) {
        return new GraphReplicas(graph);
    }

    /** DL4J's forward pass of a single-input, single-output graph on a per-thread clone. */
    final class GraphReplicas implements NetworkForward {
        private final ThreadLocal<ComputationGraph> replicas;

        GraphReplicas(ComputationGraph graph) {
            this.replicas = ThreadLocal.withInitial(() -> {
                synchronized (graph) {
                    return graph.clone();
                }
            });
        }

        @Override
        public float[][] probabilities(INDArray batch) {
            return replicas.get().outputSingle(false, batch).toFloatMatrix();
        }

        @Override
        public String path() {
            return "dl4j-graph";
        }
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
