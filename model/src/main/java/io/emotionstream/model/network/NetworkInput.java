package io.emotionstream.model.network;

import io.emotionstream.model.preprocess.TensorFormat;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Packs preprocessed tensors into a network's input array: the one layout trainer and stream-app share. */
public final class NetworkInput {
    private NetworkInput() {}

    /** {@code n} seed tensors of 48*48 floats -> an [n, 1, 48, 48] array. */
    public static INDArray of(List<float[]> tensors) {
        return of(tensors, TensorFormat.SEED, false);
    }

    /**
     * {@code n} tensors of the format's size -> [n, 1, size, size] (NCHW), or [n, size, size, 1] when
     * {@code channelsLast} (Keras' NHWC). With one channel both hold the same floats in the same order.
     */
    public static INDArray of(List<float[]> tensors, TensorFormat format, boolean channelsLast) {
        int pixels = format.pixels();
        float[] buffer = new float[tensors.size() * pixels];
        for (int i = 0; i < tensors.size(); i++) {
            float[] t = tensors.get(i);
            if (t.length != pixels) {
                throw new IllegalArgumentException("tensor " + i + " has " + t.length + " values, expected " + pixels);
            }
            System.arraycopy(t, 0, buffer, i * pixels, pixels);
        }
        long n = tensors.size();
        long side = format.size();
        long[] shape = channelsLast ? new long[] {n, side, side, 1} : new long[] {n, 1, side, side};
        return Nd4j.create(buffer, shape, 'c');
    }
}
