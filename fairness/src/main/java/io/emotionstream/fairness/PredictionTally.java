package io.emotionstream.fairness;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import java.util.Arrays;

/**
 * A group's predictions, labelled or not: how many, their summed confidence, and how often each class was predicted
 * (the six emotions and neutral, {@link Emotion} order).
 */
public final class PredictionTally {
    long count;
    double confidenceSum;
    final long[] predicted = new long[Emotion.values().length];

    /** Predictions counted. */
    public long count() {
        return count;
    }

    /** The sum of their confidences (each clipped to [0, 1]). */
    public double confidenceSum() {
        return confidenceSum;
    }

    /** How often each class was predicted, {@link Emotion} order (a copy). */
    public long[] predictedCounts() {
        return predicted.clone();
    }

    /** One prediction of {@code predicted} with probability {@code confidence} (as a simulation feeds them). */
    public void add(Emotion predicted, double confidence) {
        count++;
        confidenceSum += Math.min(1, Math.max(0, confidence));
        this.predicted[predicted.ordinal()]++;
    }

    public void add(EmotionPrediction prediction) {
        Emotion emotion = Emotion.valueOf(prediction.getPredicted().name());
        count++;
        confidenceSum += confidence(prediction);
        predicted[emotion.ordinal()]++;
    }

    public void add(PredictionTally other) {
        count += other.count;
        confidenceSum += other.confidenceSum;
        for (int k = 0; k < predicted.length; k++) {
            predicted[k] += other.predicted[k];
        }
    }

    /** The probability the prediction gave its predicted class, clipped to [0, 1] (the topic is untrusted input). */
    public static double confidence(EmotionPrediction prediction) {
        EmotionProbabilities p = prediction.getProbabilities();
        float value = switch (prediction.getPredicted()) {
            case ANGER -> p.getAnger();
            case DISGUST -> p.getDisgust();
            case FEAR -> p.getFear();
            case HAPPINESS -> p.getHappiness();
            case SADNESS -> p.getSadness();
            case SURPRISE -> p.getSurprise();
            case NEUTRAL -> p.getNeutral() == null ? Float.NaN : p.getNeutral();
            default -> Float.NaN;
        };
        return Float.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
    }

    /** How often each of the six emotions was predicted: what the drift test compares with a six-share reference mix. */
    long[] emotions() {
        return Arrays.copyOf(predicted, Emotion.SIX_COUNT);
    }

    /** Count (8), confidence sum (8), the number of classes (4) and a count per class (8 each). */
    void write(StateWriter out) {
        out.writeLong(count);
        out.writeDouble(confidenceSum);
        out.writeInt(predicted.length);
        for (long c : predicted) {
            out.writeLong(c);
        }
    }

    /** What {@link #write} wrote ({@code sized}), or a format from before neutral: six counts, no class count. */
    static PredictionTally read(StateReader in, boolean sized) {
        PredictionTally tally = new PredictionTally();
        tally.count = in.readLong();
        tally.confidenceSum = in.readDouble();
        int classes = StateText.readClassCount(in, sized, "prediction tally");
        for (int k = 0; k < classes; k++) {
            tally.predicted[k] = in.readLong();
        }
        return tally;
    }
}
