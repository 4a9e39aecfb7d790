package io.emotionstream.trainer.imported.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A channels-first DL4J graph written as an ONNX model with the same weights, so that ONNX Runtime can serve a network
 * imported from Keras (DL4J's general graph runs mini-Xception's separable convolutions at a small fraction of
 * PyTorch's speed). Covers the layers image classifiers such as mini-Xception are made of: convolution (also
 * separable), batch normalisation, activations, max pooling, global pooling, dense, dropout and element-wise add,
 * frozen or not (fine-tuning freezes layers), and a loss layer's activation;
 * anything else is {@link Unsupported}, and the caller keeps the DL4J graph. The result is not trusted by itself: the
 * import holds ONNX Runtime's outputs to DL4J's plain kernels on random images before publishing it.
 */
public final class GraphToOnnx {
    private final ComputationGraph graph;
    private final OnnxGraphWriter onnx = new OnnxGraphWriter();

    /** Why a graph cannot be written: the vertex and what it holds. */
    public static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    private GraphToOnnx(ComputationGraph graph) {
        this.graph = graph;
    }

    /**
     * The ONNX model of {@code graph}: input {@code [batch, 1, side, side]}, output {@code [batch, classes]}.
     *
     * @throws Unsupported when a vertex, layer, setting or layout has no translation here
     */
    public static byte[] convert(ComputationGraph graph, int side, int classes, String producer) {
        return new GraphToOnnx(graph).write(side, classes, producer);
    }

    /**
     * The ONNX model of the part of {@code graph} that computes vertex {@code boundary} (its ancestors only): input
     * {@code [batch, 1, side, side]}, output {@code [batch, width]}, the boundary's activations flattened in C order
     * ({@code width} values per image). Fine-tuning runs its frozen part this way once per image.
     *
     * @throws Unsupported when a vertex, layer, setting or layout on the way has no translation here
     */
    public static byte[] prefix(ComputationGraph graph, String boundary, int side, long width, String producer) {
        return new GraphToOnnx(graph).writePrefix(boundary, side, width, producer);
    }

    private byte[] writePrefix(String boundary, int side, long width, String producer) {
        ComputationGraphConfiguration config = graph.getConfiguration();
        if (config.getNetworkInputs().size() != 1) {
            throw new Unsupported("one input is written");
        }
        Set<String> needed = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(boundary));
        while (!todo.isEmpty()) {
            String vertex = todo.remove(todo.size() - 1);
            if (needed.add(vertex)) {
                todo.addAll(config.getVertexInputs().getOrDefault(vertex, List.of()));
            }
        }
        onnx.input(config.getNetworkInputs().get(0), -1, 1, side, side);
        for (int index : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[index].getVertexName();
            GraphVertex vertex = config.getVertices().get(name);
            if (vertex != null && needed.contains(name)) {
                vertex(name, vertex, config.getVertexInputs().get(name));
            }
        }
        String flat = onnx.node(
                "Flatten", List.of(boundary), boundary + "/flat", OnnxGraphWriter.Attribute.integer("axis", 1));
        onnx.output(flat, -1, width);
        return onnx.model(producer);
    }

    private byte[] write(int side, int classes, String producer) {
        ComputationGraphConfiguration config = graph.getConfiguration();
        if (config.getNetworkInputs().size() != 1 || config.getNetworkOutputs().size() != 1) {
            throw new Unsupported("one input and one output are written");
        }
        onnx.input(config.getNetworkInputs().get(0), -1, 1, side, side);
        for (int index : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[index].getVertexName();
            GraphVertex vertex = config.getVertices().get(name);
            if (vertex != null) {
                vertex(name, vertex, config.getVertexInputs().get(name));
            }
        }
        onnx.output(config.getNetworkOutputs().get(0), -1, classes);
        return onnx.model(producer);
    }

    private void vertex(String name, GraphVertex vertex, List<String> inputs) {
        if (vertex instanceof FrozenVertex frozen) {
            vertex(name, frozen.getUnderlying(), inputs); // frozen for fine-tuning: computes as before
            return;
        }
        if (vertex instanceof ElementWiseVertex) {
            if (!vertex.equals(new ElementWiseVertex(ElementWiseVertex.Op.Add))) {
                throw new Unsupported(name + ": an element-wise vertex other than add");
            }
            onnx.node("Sum", inputs, name);
            return;
        }
        if (!(vertex instanceof LayerVertex layerVertex) || layerVertex.getPreProcessor() != null) {
            throw new Unsupported(name + ": " + vertex.getClass().getSimpleName()
                    + (vertex instanceof LayerVertex ? " with an input preprocessor" : ""));
        }
        if (inputs.size() != 1) {
            throw new Unsupported(name + ": a layer with " + inputs.size() + " inputs");
        }
        layer(name, layerVertex.getLayerConf().getLayer(), inputs.get(0));
    }

    private void layer(String name, Layer layer, String input) {
        if (layer instanceof FrozenLayer frozen) {
            layer(name, frozen.getLayer(), input);
            return;
        }
        Map<String, INDArray> params = graph.getLayer(name).paramTable();
        if (layer instanceof SeparableConvolution2D separable) {
            activation(name, separable.getActivationFn(), separable(name, separable, params, input));
        } else if (layer.getClass() == ConvolutionLayer.class) {
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            activation(name, conv.getActivationFn(), convolution(name, conv, params, input));
        } else if (layer instanceof BatchNormalization bn) {
            batchNormalisation(name, bn, params, input);
        } else if (layer instanceof ActivationLayer activation) {
            activation(name, activation.getActivationFn(), input);
        } else if (layer instanceof SubsamplingLayer pooling && layer.getClass() == SubsamplingLayer.class) {
            pooling(name, pooling, input);
        } else if (layer instanceof GlobalPoolingLayer global) {
            globalPooling(name, global, input);
        } else if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
            BaseLayer dense = (BaseLayer) layer;
            activation(name, dense.getActivationFn(), dense(name, params, input));
        } else if (layer instanceof LossLayer loss) {
            activation(name, loss.getActivationFn(), input); // the loss itself is training's business
        } else if (layer instanceof DropoutLayer) {
            onnx.node("Identity", List.of(input), name);
        } else {
            throw new Unsupported(name + ": layer " + layer.getClass().getSimpleName());
        }
    }

    private String convolution(String name, ConvolutionLayer conv, Map<String, INDArray> params, String input) {
        channelsFirst(name, conv.getCnn2dDataFormat());
        List<String> inputs = new ArrayList<>(List.of(input, weights(name + ".W", params.get("W"))));
        if (params.containsKey("b")) {
            inputs.add(flat(name + ".b", params.get("b")));
        }
        List<OnnxGraphWriter.Attribute> attributes = new ArrayList<>(
                geometry(name, conv.getConvolutionMode(), conv.getKernelSize(), conv.getStride(), conv.getPadding()));
        attributes.add(OnnxGraphWriter.Attribute.integers("dilations", toLongs(conv.getDilation())));
        return onnx.node("Conv", inputs, name + "/conv", attributes.toArray(OnnxGraphWriter.Attribute[]::new));
    }

    /** Depthwise (one group per input channel) then pointwise, as Keras' SeparableConv2D computes. */
    private String separable(String name, SeparableConvolution2D conv, Map<String, INDArray> params, String input) {
        channelsFirst(name, conv.getCnn2dDataFormat());
        INDArray depthwise = params.get("W"); // [depthMultiplier, channels, kh, kw]
        long multiplier = depthwise.size(0);
        long channels = depthwise.size(1);
        // ONNX's grouped kernel is [channels * multiplier, 1, kh, kw], output channel c * multiplier + m
        INDArray grouped = depthwise
                .permute(1, 0, 2, 3)
                .dup('c')
                .reshape(channels * multiplier, 1, depthwise.size(2), depthwise.size(3));
        List<OnnxGraphWriter.Attribute> attributes = new ArrayList<>(
                geometry(name, conv.getConvolutionMode(), conv.getKernelSize(), conv.getStride(), conv.getPadding()));
        attributes.add(OnnxGraphWriter.Attribute.integers("dilations", toLongs(conv.getDilation())));
        attributes.add(OnnxGraphWriter.Attribute.integer("group", channels));
        String spatial = onnx.node(
                "Conv",
                List.of(input, weights(name + ".depthwise", grouped)),
                name + "/depthwise",
                attributes.toArray(OnnxGraphWriter.Attribute[]::new));
        List<String> pointwiseInputs =
                new ArrayList<>(List.of(spatial, weights(name + ".pointwise", params.get("pW"))));
        if (params.containsKey("b")) {
            pointwiseInputs.add(flat(name + ".b", params.get("b")));
        }
        return onnx.node("Conv", pointwiseInputs, name + "/pointwise");
    }

    private void batchNormalisation(String name, BatchNormalization bn, Map<String, INDArray> params, String input) {
        if (bn.isLockGammaBeta()) {
            throw new Unsupported(name + ": batch normalisation with a locked scale and shift");
        }
        channelsFirst(name, bn.getCnn2DFormat());
        onnx.node(
                "BatchNormalization",
                List.of(
                        input,
                        flat(name + ".gamma", params.get("gamma")),
                        flat(name + ".beta", params.get("beta")),
                        flat(name + ".mean", params.get("mean")),
                        onnx.initializer(
                                name + ".var", new long[] {params.get("mean").length()}, variance(name, params))),
                name,
                OnnxGraphWriter.Attribute.floating("epsilon", (float) bn.getEps()));
    }

    /** DL4J keeps the variance, or (its default for networks it trains) the base-10 log of the standard deviation. */
    private static float[] variance(String name, Map<String, INDArray> params) {
        if (params.containsKey("var")) {
            return params.get("var").dup('c').data().asFloat();
        }
        if (!params.containsKey("log10stdev")) {
            throw new Unsupported(name + ": batch normalisation without a variance");
        }
        float[] variance = params.get("log10stdev").dup('c').data().asFloat();
        for (int i = 0; i < variance.length; i++) {
            variance[i] = (float) Math.pow(10, 2.0 * variance[i]);
        }
        return variance;
    }

    private void pooling(String name, SubsamplingLayer pooling, String input) {
        if (pooling.getPoolingType() != PoolingType.MAX) {
            throw new Unsupported(name + ": " + pooling.getPoolingType() + " pooling (max is written)");
        }
        channelsFirst(name, pooling.getCnn2dDataFormat());
        onnx.node(
                "MaxPool",
                List.of(input),
                name,
                geometry(
                                name,
                                pooling.getConvolutionMode(),
                                pooling.getKernelSize(),
                                pooling.getStride(),
                                pooling.getPadding())
                        .toArray(OnnxGraphWriter.Attribute[]::new));
    }

    private void globalPooling(String name, GlobalPoolingLayer global, String input) {
        int[] dims = global.getPoolingDimensions();
        boolean spatial = dims != null && dims.length == 2 && dims[0] == 2 && dims[1] == 3;
        if (!spatial
                || !global.isCollapseDimensions()
                || (global.getPoolingType() != PoolingType.AVG && global.getPoolingType() != PoolingType.MAX)) {
            throw new Unsupported(name + ": global pooling other than average or max over height and width");
        }
        String op = global.getPoolingType() == PoolingType.AVG ? "GlobalAveragePool" : "GlobalMaxPool";
        String pooled = onnx.node(op, List.of(input), name + "/pooled");
        onnx.node("Flatten", List.of(pooled), name, OnnxGraphWriter.Attribute.integer("axis", 1));
    }

    private String dense(String name, Map<String, INDArray> params, String input) {
        List<String> inputs = new ArrayList<>(List.of(input, weights(name + ".W", params.get("W")))); // [in, out]
        if (params.containsKey("b")) {
            inputs.add(flat(name + ".b", params.get("b")));
        }
        return onnx.node("Gemm", inputs, name + "/dense");
    }

    /** The layer's activation applied to {@code value}, its result named {@code name}. */
    private void activation(String name, IActivation activation, String value) {
        if (activation == null || activation instanceof ActivationIdentity) {
            onnx.node("Identity", List.of(value), name);
        } else if (activation instanceof ActivationReLU relu
                && relu.getMax() == null
                && relu.getThreshold() == null
                && relu.getNegativeSlope() == null) {
            onnx.node("Relu", List.of(value), name);
        } else if (activation instanceof ActivationSigmoid) {
            onnx.node("Sigmoid", List.of(value), name);
        } else if (activation instanceof ActivationTanH) {
            onnx.node("Tanh", List.of(value), name);
        } else if (activation instanceof ActivationSoftmax) {
            onnx.node("Softmax", List.of(value), name, OnnxGraphWriter.Attribute.integer("axis", 1));
        } else {
            throw new Unsupported(name + ": activation " + activation);
        }
    }

    /** Kernel, strides and padding: TensorFlow's 'same' is ONNX's SAME_UPPER (the odd pixel at the end). */
    private static List<OnnxGraphWriter.Attribute> geometry(
            String name, ConvolutionMode mode, int[] kernel, int[] stride, int[] padding) {
        List<OnnxGraphWriter.Attribute> attributes = new ArrayList<>(List.of(
                OnnxGraphWriter.Attribute.integers("kernel_shape", toLongs(kernel)),
                OnnxGraphWriter.Attribute.integers("strides", toLongs(stride))));
        if (mode == ConvolutionMode.Same) {
            attributes.add(OnnxGraphWriter.Attribute.text("auto_pad", "SAME_UPPER"));
        } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            attributes.add(OnnxGraphWriter.Attribute.integers("pads", padding[0], padding[1], padding[0], padding[1]));
        } else {
            throw new Unsupported(name + ": convolution mode " + mode);
        }
        return attributes;
    }

    private static void channelsFirst(String name, CNN2DFormat format) {
        if (format != null && format != CNN2DFormat.NCHW) {
            throw new Unsupported(name + ": " + format + " activations (channels-first graphs are written)");
        }
    }

    private String weights(String name, INDArray values) {
        return onnx.initializer(name, values.shape(), values.dup('c').data().asFloat());
    }

    private String flat(String name, INDArray values) {
        return onnx.initializer(
                name, new long[] {values.length()}, values.dup('c').data().asFloat());
    }

    private static long[] toLongs(int[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return longs;
    }
}
