package io.emotionstream.model.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J network whose exactly-tiling max pools run {@link MaxPoolKernel} ({@link FastMaxPoolingLayer}). Same
 * configuration, same parameters, same outputs and gradients as a plain {@link MultiLayerNetwork}; saved with
 * DL4J's serializer it is an ordinary network file. Clones stay fast.
 */
public final class SeedNetwork extends MultiLayerNetwork {

    public SeedNetwork(MultiLayerConfiguration configuration) {
        super(configuration);
    }

    /** The same network (configuration, parameters, updater state) on the fast pooling path. */
    public static SeedNetwork of(MultiLayerNetwork network) {
        if (network instanceof SeedNetwork seed) {
            return seed;
        }
        SeedNetwork fast = new SeedNetwork(network.getLayerWiseConfigurations().clone());
        fast.init(network.params().dup(), false);
        if (network.getUpdater(false) != null && network.getUpdater().getStateViewArray() != null) {
            fast.getUpdater().getStateViewArray().assign(network.getUpdater().getStateViewArray());
        }
        return fast;
    }

    @Override
    public void init(INDArray parameters, boolean cloneParametersArray) {
        super.init(parameters, cloneParametersArray);
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof SubsamplingLayer pooling
                    && !(pooling instanceof FastMaxPoolingLayer)
                    && FastMaxPoolingLayer.handles((org.deeplearning4j.nn.conf.layers.SubsamplingLayer)
                            pooling.conf().getLayer())) {
                layers[i] = fast(pooling, getLayerWiseConfigurations().getDataType());
                layerMap.put(pooling.conf().getLayer().getLayerName(), layers[i]);
            }
        }
    }

    @Override
    public SeedNetwork clone() {
        return of(super.clone());
    }

    private static Layer fast(SubsamplingLayer pooling, DataType dataType) {
        FastMaxPoolingLayer fast = new FastMaxPoolingLayer(pooling.conf(), dataType);
        fast.setListeners(pooling.getListeners());
        fast.setIndex(pooling.getIndex());
        fast.setParamTable(pooling.paramTable());
        return fast;
    }
}
