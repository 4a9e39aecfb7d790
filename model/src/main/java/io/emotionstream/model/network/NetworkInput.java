package io.emotionstream.model.network;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Packs preprocessed 48x48 tensors into the network's NCHW input: the one layout trainer and stream-app share. */
public final class NetworkInput {
    private static final int PIXELS = ImagePreprocessor.SIZE * ImagePreprocessor.SIZE;

    private NetworkInput() {
    }

    /** {@code n} tensors of 48*48 floats -> an [n, 1, 48, 48] array. */
    public static INDArray of(List<float[]> tensors) {
        float[] buffer = new float[tensors.size() * PIXELS];
        for (int i = 0; i < tensors.size(); i++) {
            float[] t = tensors.get(i);
            if (t.length != PIXELS) {
                throw new IllegalArgumentException("tensor " + i + " has " + t.length + " values, expected " + PIXELS);
            }
            System.arraycopy(t, 0, buffer, i * PIXELS, PIXELS);
        }
        return Nd4j.create(buffer, new long[] {tensors.size(), 1, ImagePreprocessor.SIZE, ImagePreprocessor.SIZE}, 'c');
    }
}
