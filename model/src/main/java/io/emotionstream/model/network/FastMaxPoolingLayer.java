package io.emotionstream.model.network;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's subsampling layer with {@link MaxPoolKernel} for the one case the seed CNN uses: float max pooling of NCHW
 * input over non-overlapping windows that tile it exactly. Anything else (another pooling type, layout, stride,
 * padding, dropout or a mask) takes DL4J's own path, so the layer computes what DL4J's does in every case.
 * The configuration is DL4J's, untouched: saved networks are the same files.
 */
final class FastMaxPoolingLayer extends SubsamplingLayer {

    FastMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** True when {@code layer}'s configuration is one the kernel computes exactly, whatever the input size. */
    static boolean handles(org.deeplearning4j.nn.conf.layers.SubsamplingLayer layer) {
        int[] kernel = layer.getKernelSize();
        int[] stride = layer.getStride();
        int[] dilation = layer.getDilation();
        int[] padding = layer.getPadding();
        return layer.getPoolingType() == PoolingType.MAX
                && layer.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && kernel.length == 2
                && kernel[0] == stride[0]
                && kernel[1] == stride[1]
                && dilation[0] == 1
                && dilation[1] == 1
                && padding[0] == 0
                && padding[1] == 0
                && layer.getIDropout() == null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        if (!tilesExactly(input)) {
            return super.activate(training, workspaces);
        }
        INDArray in = MaxPoolKernel.contiguous(input);
        int[] kernel = layerConf().getKernelSize();
        INDArray out = workspaces.createUninitialized(
                ArrayType.ACTIVATIONS,
                DataType.FLOAT,
                in.size(0),
                in.size(1),
                in.size(2) / kernel[0],
                in.size(3) / kernel[1]);
        MaxPoolKernel.forward(in, out, kernel[0], kernel[1]);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        if (!tilesExactly(input) || epsilon.dataType() != DataType.FLOAT) {
            return super.backpropGradient(epsilon, workspaces);
        }
        INDArray in = MaxPoolKernel.contiguous(input);
        INDArray outGradient = MaxPoolKernel.contiguous(epsilon);
        int[] kernel = layerConf().getKernelSize();
        INDArray inGradient = workspaces.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, in.shape());
        MaxPoolKernel.backward(in, outGradient, inGradient, kernel[0], kernel[1]);
        return new Pair<>(new DefaultGradient(), inGradient);
    }

    private boolean tilesExactly(INDArray in) {
        int[] kernel = layerConf().getKernelSize();
        return in != null
                && maskArray == null
                && dataType == DataType.FLOAT
                && in.dataType() == DataType.FLOAT
                && in.rank() == 4
                && in.size(2) % kernel[0] == 0
                && in.size(3) % kernel[1] == 0
                && in.length() < Integer.MAX_VALUE;
    }
}
