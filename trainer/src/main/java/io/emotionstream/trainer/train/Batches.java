package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.schemas.Emotion;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Packs samples into the network's NCHW input and its targets. */
public final class Batches {
    private Batches() {}

    public static INDArray features(List<Sample> samples) {
        return NetworkInput.of(samples.stream().map(Sample::pixels).toList());
    }

    /** One-hot targets, or with {@code smoothing} of each spread evenly over the six emotions (0: one-hot). */
    public static INDArray targets(List<Sample> samples, double smoothing) {
        return targetMatrix(targetRows(samples, Targets.MAJORITY, smoothing));
    }

    /**
     * The targets as row-major floats, {@link Emotion#COUNT} per sample: each sample's {@code targets}, with
     * {@code smoothing} of it spread evenly over the six emotions.
     */
    static float[] targetRows(List<Sample> samples, Targets targets, double smoothing) {
        float even = (float) (smoothing / Emotion.SIX_COUNT);
        float kept = (float) (1 - smoothing);
        float[] buffer = new float[samples.size() * Emotion.SIX_COUNT];
        for (int i = 0; i < samples.size(); i++) {
            for (Emotion e : Emotion.SIX) {
                buffer[i * Emotion.SIX_COUNT + e.ordinal()] = kept * targets.of(samples.get(i), e) + even;
            }
        }
        return buffer;
    }

    /** Row-major target rows as the network's target matrix. */
    static INDArray targetMatrix(float[] rows) {
        return Nd4j.create(rows, new long[] {rows.length / Emotion.SIX_COUNT, Emotion.SIX_COUNT}, 'c');
    }
}
