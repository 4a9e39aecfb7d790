package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.Emotion;
import io.emotionstream.model.network.NetworkInput;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Packs samples into the network's NCHW input and one-hot labels. */
public final class Batches {
    private Batches() {
    }

    public static INDArray features(List<Sample> samples) {
        return NetworkInput.of(samples.stream().map(Sample::pixels).toList());
    }

    public static INDArray oneHot(List<Sample> samples) {
        float[] buffer = new float[samples.size() * Emotion.COUNT];
        for (int i = 0; i < samples.size(); i++) {
            buffer[i * Emotion.COUNT + samples.get(i).label().ordinal()] = 1f;
        }
        return Nd4j.create(buffer, new long[] {samples.size(), Emotion.COUNT}, 'c');
    }

    public static DataSet dataSet(List<Sample> samples) {
        return new DataSet(features(samples), oneHot(samples));
    }
}
