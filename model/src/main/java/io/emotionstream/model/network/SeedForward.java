package io.emotionstream.model.network;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference for the seed CNN, same weights as the DL4J network, two to three times faster than its {@code output} on
 * one thread (docs/benchmarks.md, "The model against PyTorch"): a convolution's activation is applied after its max pool instead of
 * before. Every activation the seed uses (tanh, ReLU, sigmoid, identity) is non-decreasing, so
 * {@code act(max(z)) == max(act(z))} (for {@link FastTanh} up to its rounding), and tanh runs on a quarter of the
 * values. The first convolution (one input channel) runs with its pool in Java ({@link SingleChannelConvolution}), the
 * second is the same libnd4j op (oneDNN) DL4J calls, pooled by {@link MaxPoolKernel}; a convolution's tanh is done in
 * the pool's pass ({@link FastTanh}, 8x cheaper than libnd4j's); the dense layers are DL4J's matrix products and
 * activation functions; dropout is the identity at inference, as in DL4J. Outputs equal DL4J's
 * {@code network.output(x)} within float rounding (SeedForwardTest holds them to 1e-5).
 *
 * <p>Thread-safe: the weights are only read, and every thread computes in its own ND4J workspace (reused, so a
 * forward pass allocates nothing off-heap once the first batch has sized it).
 */
public final class SeedForward implements NetworkForward {
    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final List<Conv> convolutions;
    private final Dense dense;
    private final Dense output;
    private final String workspaceId = "seed-forward-" + INSTANCES.incrementAndGet();

    /** A convolution and its pool; {@code direct} computes both in Java when the input has one channel, else null. */
    private record Conv(
            INDArray weights,
            INDArray bias,
            int kh,
            int kw,
            int poolH,
            int poolW,
            IActivation activation,
            SingleChannelConvolution direct) {
        /** tanh is applied by the pool's own pass ({@link FastTanh}); other activations by DL4J after it. */
        boolean fusedTanh() {
            return activation instanceof ActivationTanH;
        }

        MaxPoolKernel.PooledTransform fused() {
            return fusedTanh() ? FastTanh::applyInPlace : MaxPoolKernel.PooledTransform.NONE;
        }
    }

    private record Dense(INDArray weights, INDArray bias, IActivation activation) {}

    private SeedForward(List<Conv> convolutions, Dense dense, Dense output) {
        this.convolutions = convolutions;
        this.dense = dense;
        this.output = output;
    }

    /**
     * The fast path for {@code network} when it has the seed's shape (conv, pool, dropout, conv, pool, dropout, dense,
     * dropout, output; stride-1 "same" convolutions with a bias and a non-decreasing activation; pools that
     * {@link FastMaxPoolingLayer} computes), else empty: such a network keeps DL4J's {@code output}. The weights are
     * copied, so later training of {@code network} does not change this one.
     */
    public static Optional<SeedForward> of(MultiLayerNetwork network) {
        MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
        Layer[] layers = network.getLayers();
        if (layers.length != 9
                || configuration.getDataType() != DataType.FLOAT
                || !(configuration.getInputPreProcess(6) instanceof CnnToFeedForwardPreProcessor)) {
            return Optional.empty();
        }
        Optional<Conv> first = conv(layers[0], layers[1]);
        Optional<Conv> second = conv(layers[3], layers[4]);
        boolean dropouts = layers[2].conf().getLayer() instanceof DropoutLayer
                && layers[5].conf().getLayer() instanceof DropoutLayer
                && layers[7].conf().getLayer() instanceof DropoutLayer;
        if (first.isEmpty()
                || second.isEmpty()
                || !dropouts
                || !(layers[6].conf().getLayer() instanceof DenseLayer denseConf)
                || !(layers[8].conf().getLayer() instanceof OutputLayer outputConf)
                || !denseConf.hasBias()
                || !outputConf.hasBias()) {
            return Optional.empty();
        }
        return Optional.of(new SeedForward(
                List.of(first.get(), second.get()),
                new Dense(copy(layers[6], "W"), copy(layers[6], "b"), denseConf.getActivationFn()),
                new Dense(copy(layers[8], "W"), copy(layers[8], "b"), outputConf.getActivationFn())));
    }

    @Override
    public float[][] probabilities(INDArray batch) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, workspaceId)) {
            return forward(batch).toFloatMatrix();
        }
    }

    /** The same as {@link #probabilities}, as an array outside any workspace. */
    public INDArray output(INDArray batch) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, workspaceId)) {
            return forward(batch).detach();
        }
    }

    @Override
    public String path() {
        return "seed-forward";
    }

    private INDArray forward(INDArray batch) {
        INDArray x = batch.castTo(DataType.FLOAT);
        for (Conv conv : convolutions) {
            INDArray pooled = conv.direct() != null
                    ? conv.direct().convolveAndPool(x, conv.fused())
                    : pool(convolve(x, conv), conv);
            x = conv.fusedTanh() ? pooled : conv.activation().getActivation(pooled, false);
        }
        INDArray flat = x.reshape('c', x.size(0), x.length() / x.size(0));
        INDArray hidden =
                dense.activation().getActivation(flat.mmul(dense.weights()).addiRowVector(dense.bias()), false);
        return output.activation().getActivation(hidden.mmul(output.weights()).addiRowVector(output.bias()), false);
    }

    private static INDArray convolve(INDArray x, Conv conv) {
        INDArray z = Nd4j.createUninitialized(
                DataType.FLOAT, x.size(0), conv.weights().size(0), x.size(2), x.size(3));
        // conv2d's integer arguments: kernel, stride, padding, dilation, "same" mode, NCHW data, [out, in, kh, kw]
        // weights
        Nd4j.exec(DynamicCustomOp.builder("conv2d")
                .addInputs(x, conv.weights(), conv.bias())
                .addOutputs(z)
                .addIntegerArguments(
                        conv.kh(), conv.kw(), 1, 1, (conv.kh() - 1) / 2, (conv.kw() - 1) / 2, 1, 1, 1, 0, 1)
                .build());
        return z;
    }

    private static INDArray pool(INDArray z, Conv conv) {
        INDArray pooled = Nd4j.createUninitialized(
                DataType.FLOAT, z.size(0), z.size(1), z.size(2) / conv.poolH(), z.size(3) / conv.poolW());
        MaxPoolKernel.forward(z, pooled, conv.poolH(), conv.poolW(), conv.fused());
        return pooled;
    }

    private static Optional<Conv> conv(Layer convolution, Layer pooling) {
        if (!(convolution.conf().getLayer() instanceof ConvolutionLayer c)
                || !(pooling.conf().getLayer() instanceof SubsamplingLayer p)
                || c.getClass() != ConvolutionLayer.class
                || !FastMaxPoolingLayer.handles(p)
                || !c.hasBias()
                || c.getConvolutionMode() != ConvolutionMode.Same
                || c.getCnn2dDataFormat() != CNN2DFormat.NCHW
                || c.getStride()[0] != 1
                || c.getStride()[1] != 1
                || c.getDilation()[0] != 1
                || c.getDilation()[1] != 1
                || c.getKernelSize()[0] % 2 == 0
                || c.getKernelSize()[1] % 2 == 0
                || !nonDecreasing(c.getActivationFn())) {
            return Optional.empty();
        }
        INDArray weights = copy(convolution, "W");
        INDArray bias = copy(convolution, "b").reshape(c.getNOut());
        int poolH = p.getKernelSize()[0];
        int poolW = p.getKernelSize()[1];
        SingleChannelConvolution direct =
                c.getNIn() == 1 ? new SingleChannelConvolution(weights, bias, poolH, poolW) : null;
        return Optional.of(new Conv(
                weights, bias, c.getKernelSize()[0], c.getKernelSize()[1], poolH, poolW, c.getActivationFn(), direct));
    }

    private static boolean nonDecreasing(IActivation activation) {
        // DL4J's ReLU can also have a negative slope, a threshold or a cap: only the plain one is taken here.
        return activation instanceof ActivationTanH
                || new ActivationReLU().equals(activation)
                || activation instanceof ActivationSigmoid
                || activation instanceof ActivationIdentity;
    }

    private static INDArray copy(Layer layer, String parameter) {
        return layer.getParam(parameter).dup('c');
    }
}
