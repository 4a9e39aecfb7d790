package io.emotionstream.trainer.finetune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph to train in which every separable convolution is its two halves, a depthwise convolution then a 1x1
 * convolution: the same computation (Keras' SeparableConv2D is defined as that pair), but each half has a oneDNN kernel
 * for its backward pass where DL4J's separable layer has none (measured: its copies and zero-filled buffers took most of
 * a training step of mini-Xception). Trained, the pairs go back into the separable layers ({@link #writeBackTo}), so
 * what is published and served keeps the original architecture.
 */
final class SeparableSplit {
    static final String DEPTHWISE_SUFFIX = "_depthwise";

    private final ComputationGraph split;
    private final List<String> separable;

    private SeparableSplit(ComputationGraph split, List<String> separable) {
        this.split = split;
        this.separable = separable;
    }

    /**
     * {@code graph}'s configuration with each separable layer {@code X} replaced by {@code X_depthwise} -> {@code X}
     * (so every vertex that read {@code X} still does), its weights copied; {@code graph} itself when it has none (a
     * separable layer with weight constraints is kept whole, as they name its own parameters; so is a channels-last
     * one, whose pair computed the same outputs but did not train as DL4J's layer does: {@code SeparableSplitTest}).
     */
    static SeparableSplit of(ComputationGraph graph, long seed) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .graphBuilder()
                .addInputs(conf.getNetworkInputs().toArray(String[]::new));
        List<String> separable = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[index].getVertexName();
            GraphVertex vertex = conf.getVertices().get(name);
            if (conf.getNetworkInputs().contains(name)) {
                continue;
            }
            String[] inputs = conf.getVertexInputs().get(name).toArray(String[]::new);
            if (vertex instanceof LayerVertex layerVertex
                    && layerVertex.getLayerConf().getLayer() instanceof SeparableConvolution2D conv
                    && conv.getCnn2dDataFormat() == CNN2DFormat.NCHW
                    && (conv.getConstraints() == null || conv.getConstraints().isEmpty())) {
                separable.add(name);
                builder.addVertex(name + DEPTHWISE_SUFFIX, halfOf(layerVertex, depthwise(conv), true), inputs);
                builder.addVertex(name, halfOf(layerVertex, pointwise(conv), false), name + DEPTHWISE_SUFFIX);
            } else {
                builder.addVertex(name, vertex.clone(), inputs);
            }
        }
        if (separable.isEmpty()) {
            return new SeparableSplit(graph, List.of());
        }
        ComputationGraph split =
                new ComputationGraph(builder.setOutputs(conf.getNetworkOutputs().toArray(String[]::new))
                        .build());
        split.init();
        for (var vertex : graph.getVertices()) {
            String name = vertex.getVertexName();
            if (!vertex.hasLayer() || vertex.getLayer().numParams() == 0) {
                continue;
            }
            if (separable.contains(name)) {
                Map<String, INDArray> params = vertex.getLayer().paramTable();
                split.getLayer(name + DEPTHWISE_SUFFIX)
                        .setParam(
                                DepthwiseConvolutionParamInitializer.WEIGHT_KEY,
                                params.get(SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY)
                                        .permute(2, 3, 1, 0)
                                        .dup('c'));
                split.getLayer(name)
                        .setParam(
                                ConvolutionParamInitializer.WEIGHT_KEY,
                                params.get(SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY)
                                        .dup('c'));
                if (params.containsKey(SeparableConvolutionParamInitializer.BIAS_KEY)) {
                    split.getLayer(name)
                            .setParam(
                                    ConvolutionParamInitializer.BIAS_KEY,
                                    params.get(SeparableConvolutionParamInitializer.BIAS_KEY)
                                            .dup('c'));
                }
            } else {
                split.getLayer(name).setParams(vertex.getLayer().params().dup());
            }
        }
        return new SeparableSplit(split, List.copyOf(separable));
    }

    /** The graph to train. */
    ComputationGraph graph() {
        return split;
    }

    /** The split graph's current weights into {@code graph} (the one it was made from), each pair joined again. */
    void writeBackTo(ComputationGraph graph) {
        if (split == graph) {
            return;
        }
        for (var vertex : graph.getVertices()) {
            String name = vertex.getVertexName();
            if (!vertex.hasLayer() || vertex.getLayer().numParams() == 0) {
                continue;
            }
            if (separable.contains(name)) {
                var layer = vertex.getLayer();
                layer.setParam(
                        SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY,
                        split.getLayer(name + DEPTHWISE_SUFFIX)
                                .getParam(DepthwiseConvolutionParamInitializer.WEIGHT_KEY)
                                .permute(3, 2, 0, 1)
                                .dup('c'));
                layer.setParam(
                        SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY,
                        split.getLayer(name)
                                .getParam(ConvolutionParamInitializer.WEIGHT_KEY)
                                .dup('c'));
                if (layer.paramTable().containsKey(SeparableConvolutionParamInitializer.BIAS_KEY)) {
                    layer.setParam(
                            SeparableConvolutionParamInitializer.BIAS_KEY,
                            split.getLayer(name)
                                    .getParam(ConvolutionParamInitializer.BIAS_KEY)
                                    .dup('c'));
                }
            } else {
                vertex.getLayer().setParams(split.getLayer(name).params().dup());
            }
        }
    }

    /** The depthwise half: the separable layer's kernel, stride, padding and dilation, no bias, no activation. */
    private static DepthwiseConvolution2D depthwise(SeparableConvolution2D conv) {
        DepthwiseConvolution2D half = new DepthwiseConvolution2D.Builder(conv.getKernelSize())
                .stride(conv.getStride())
                .padding(conv.getPadding())
                .dilation(conv.getDilation())
                .depthMultiplier(conv.getDepthMultiplier())
                .nIn(conv.getNIn())
                .nOut(conv.getNIn() * conv.getDepthMultiplier())
                .convolutionMode(conv.getConvolutionMode())
                .dataFormat(conv.getCnn2dDataFormat())
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .build();
        half.setIDropout(conv.getIDropout()); // dropout acts on the separable layer's input, which the depthwise reads
        return half;
    }

    /** The pointwise half: 1x1 over every depthwise output, the separable layer's bias and activation. */
    private static ConvolutionLayer pointwise(SeparableConvolution2D conv) {
        ConvolutionLayer half = new ConvolutionLayer.Builder(1, 1)
                .nIn(conv.getNIn() * conv.getDepthMultiplier())
                .nOut(conv.getNOut())
                .convolutionMode(conv.getConvolutionMode())
                .dataFormat(conv.getCnn2dDataFormat())
                .hasBias(conv.hasBias())
                .activation(conv.getActivationFn())
                .build();
        half.setIDropout(null);
        return half;
    }

    /** A half in the separable vertex's place: its updater, regularization and gradient handling, its preprocessor. */
    private static LayerVertex halfOf(LayerVertex separable, BaseLayer half, boolean first) {
        BaseLayer conv = (BaseLayer) separable.getLayerConf().getLayer();
        half.setLayerName(conv.getLayerName() + (first ? DEPTHWISE_SUFFIX : ""));
        half.setWeightInitFn(conv.getWeightInitFn());
        half.setBiasInit(conv.getBiasInit());
        half.setIUpdater(conv.getIUpdater());
        half.setBiasUpdater(conv.getBiasUpdater());
        half.setRegularization(conv.getRegularization());
        half.setRegularizationBias(conv.getRegularizationBias());
        half.setWeightNoise(conv.getWeightNoise());
        half.setGradientNormalization(conv.getGradientNormalization());
        half.setGradientNormalizationThreshold(conv.getGradientNormalizationThreshold());
        NeuralNetConfiguration layerConf = separable.getLayerConf().clone();
        layerConf.setLayer(half);
        return new LayerVertex(layerConf, first ? separable.getPreProcessor() : null);
    }
}
