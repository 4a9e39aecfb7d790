package io.emotionstream.trainer.imported;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The same graph with channels-first (NCHW) activations instead of Keras' channels-last (NHWC). DL4J M2.1's oneDNN
 * helpers compute NHWC batch normalisation and pooling wrongly (mini-Xception calls every face the same emotion),
 * and NCHW is the layout its fast kernels are built for. Weights do not move: DL4J stores convolution kernels as
 * [out, in, h, w] whatever the activations' layout. With one input channel the input tensor is the same floats.
 *
 * <p>Only graphs whose layout lives in the layers' own format fields are rewritten; a graph with input
 * preprocessors (a Flatten after a convolution, whose dense weights follow NHWC order) is left as it is.
 */
final class ChannelsFirst {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FORMAT_FIELDS = Set.of("cnn2dDataFormat", "cnn2DFormat", "dataFormat", "format");
    private static final String GLOBAL_POOLING = "org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer";

    private ChannelsFirst() {}

    /** The NCHW twin of {@code nhwc} with its parameters, or empty when the graph has layout-dependent preprocessors. */
    static Optional<ComputationGraph> of(ComputationGraph nhwc) {
        try {
            JsonNode config = JSON.readTree(nhwc.getConfiguration().toJson());
            if (hasPreprocessors(config)) {
                return Optional.empty();
            }
            rewrite(config);
            ComputationGraph nchw =
                    new ComputationGraph(ComputationGraphConfiguration.fromJson(JSON.writeValueAsString(config)));
            nchw.init(nhwc.params().dup(), false);
            return Optional.of(nchw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DL4J wrote a graph configuration it cannot read back", e);
        }
    }

    private static boolean hasPreprocessors(JsonNode config) {
        List<JsonNode> vertices = new ArrayList<>();
        config.path("vertices").forEach(vertices::add);
        return vertices.stream()
                .anyMatch(v -> !v.path("preProcessor").isNull()
                                && !v.path("preProcessor").isMissingNode()
                        || v.path("@class").asText().endsWith("PreprocessorVertex"));
    }

    /** Every NHWC format field becomes NCHW; global pooling over [h, w] moves from dimensions 1, 2 to 2, 3. */
    private static void rewrite(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (GLOBAL_POOLING.equals(object.path("@class").asText())
                    && object.path("poolingDimensions").isArray()) {
                ArrayNode dims = (ArrayNode) object.get("poolingDimensions");
                if (dims.size() == 2 && dims.get(0).asInt() == 1 && dims.get(1).asInt() == 2) {
                    object.set(
                            "poolingDimensions", JSON.createArrayNode().add(2).add(3));
                }
            }
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                if (FORMAT_FIELDS.contains(field.getKey())
                        && "NHWC".equals(field.getValue().asText())) {
                    object.put(field.getKey(), "NCHW");
                } else {
                    rewrite(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(ChannelsFirst::rewrite);
        }
    }
}
