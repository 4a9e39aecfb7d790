package io.emotionstream.trainer.finetune;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable end of a graph being fine-tuned, cut off as a graph of its own whose inputs are the frozen
 * activations it reads (the boundary). The frozen part runs once per image ({@link #frozenPart}), not once per
 * image and epoch: frozen layers are deterministic (no dropout, batch norm in inference mode), so training the head on
 * those activations is the same computation as training the whole graph with its start frozen.
 */
final class TrainableHead {
    private final ComputationGraph whole;
    private final ComputationGraph head;
    private final List<String> boundary;

    private TrainableHead(ComputationGraph whole, ComputationGraph head, List<String> boundary) {
        this.whole = whole;
        this.head = head;
        this.boundary = boundary;
    }

    /**
     * Cuts {@code whole} (its start already frozen) after everything {@code trainFrom} depends on: the head holds
     * every other vertex, with the whole graph's configuration (updater, loss) and current weights.
     */
    static TrainableHead cut(ComputationGraph whole, String trainFrom, long seed) {
        ComputationGraphConfiguration conf = whole.getConfiguration();
        Set<String> frozen = ancestorsOf(conf.getVertexInputs().get(trainFrom), conf.getVertexInputs());
        Set<String> inputs = new HashSet<>(conf.getNetworkInputs());
        List<String> headVertices = new ArrayList<>();
        for (int index : whole.topologicalSortOrder()) {
            String name = whole.getVertices()[index].getVertexName();
            if (!frozen.contains(name) && !inputs.contains(name)) {
                headVertices.add(name);
            }
        }
        Set<String> boundary = new LinkedHashSet<>();
        for (String vertex : headVertices) {
            for (String input : conf.getVertexInputs().get(vertex)) {
                if (!headVertices.contains(input)) {
                    boundary.add(input);
                }
            }
        }
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .graphBuilder()
                .addInputs(boundary.toArray(String[]::new));
        for (String vertex : headVertices) {
            builder.addVertex(
                    vertex,
                    conf.getVertices().get(vertex).clone(),
                    conf.getVertexInputs().get(vertex).toArray(String[]::new));
        }
        ComputationGraph head =
                new ComputationGraph(builder.setOutputs(conf.getNetworkOutputs().toArray(String[]::new))
                        .build());
        head.init();
        copyHeadWeights(head, whole, head);
        return new TrainableHead(whole, head, List.copyOf(boundary));
    }

    /** The head: train it on the {@link #frozenPart}'s activations, then {@link #writeBack()}. */
    ComputationGraph graph() {
        return head;
    }

    /** The names of the frozen activations the head reads, in the order the head takes them. */
    List<String> boundary() {
        return boundary;
    }

    /** The frozen part, to run once per image: on the engine that computes it fastest and agrees on {@code probe}. */
    FrozenActivations frozenPart(INDArray probe) {
        return FrozenActivations.choose(whole, boundary, probe);
    }

    /** The whole graph, its head's weights replaced by the trained head's. */
    ComputationGraph writeBack() {
        copyHeadWeights(head, head, whole);
        return whole;
    }

    /** Copies the weights of every layer of {@code head} from {@code from}'s layer of that name to {@code to}'s. */
    private static void copyHeadWeights(ComputationGraph head, ComputationGraph from, ComputationGraph to) {
        for (GraphVertex vertex : head.getVertices()) {
            if (vertex.hasLayer() && vertex.getLayer().numParams() > 0) {
                String name = vertex.getVertexName();
                to.getLayer(name).setParams(from.getLayer(name).params().dup());
            }
        }
    }

    /** The vertices that keep the parent's weights when training starts at {@code trainFrom}: everything it reads. */
    static Set<String> frozen(ComputationGraph graph, String trainFrom) {
        var inputsOf = graph.getConfiguration().getVertexInputs();
        return ancestorsOf(inputsOf.get(trainFrom), inputsOf);
    }

    private static Set<String> ancestorsOf(List<String> start, Map<String, List<String>> inputsOf) {
        if (start == null || start.isEmpty()) {
            return Set.of();
        }
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(start);
        while (!todo.isEmpty()) {
            String vertex = todo.remove(todo.size() - 1);
            if (seen.add(vertex)) {
                todo.addAll(inputsOf.getOrDefault(vertex, List.of()));
            }
        }
        return seen;
    }
}
