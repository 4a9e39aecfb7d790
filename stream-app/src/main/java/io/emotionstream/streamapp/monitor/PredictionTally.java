package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;

/** A group's predictions, labelled or not: how many, their summed confidence, and how often each class was predicted. */
public final class PredictionTally {
    long count;
    double confidenceSum;
    final long[] predicted = new long[Emotion.SIX_COUNT];

    /** One prediction of {@code predicted} with probability {@code confidence} (as a simulation feeds them). */
    public void add(Emotion predicted, double confidence) {
        count++;
        confidenceSum += Math.min(1, Math.max(0, confidence));
        this.predicted[predicted.ordinal()]++;
    }

    void add(EmotionPrediction prediction) {
        Emotion emotion = Emotion.valueOf(prediction.getPredicted().name());
        count++;
        confidenceSum += confidence(prediction);
        predicted[emotion.ordinal()]++;
    }

    void add(PredictionTally other) {
        count += other.count;
        confidenceSum += other.confidenceSum;
        for (int k = 0; k < predicted.length; k++) {
            predicted[k] += other.predicted[k];
        }
    }

    /** The probability the prediction gave its predicted class, clipped to [0, 1] (the topic is untrusted input). */
    static double confidence(EmotionPrediction prediction) {
        EmotionProbabilities p = prediction.getProbabilities();
        float value = switch (prediction.getPredicted()) {
            case ANGER -> p.getAnger();
            case DISGUST -> p.getDisgust();
            case FEAR -> p.getFear();
            case HAPPINESS -> p.getHappiness();
            case SADNESS -> p.getSadness();
            case SURPRISE -> p.getSurprise();
            default -> Float.NaN;
        };
        return Float.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
    }

    void write(StateWriter out) {
        out.writeLong(count);
        out.writeDouble(confidenceSum);
        for (long c : predicted) {
            out.writeLong(c);
        }
    }

    static PredictionTally read(StateReader in) {
        PredictionTally tally = new PredictionTally();
        tally.count = in.readLong();
        tally.confidenceSum = in.readDouble();
        for (int k = 0; k < tally.predicted.length; k++) {
            tally.predicted[k] = in.readLong();
        }
        return tally;
    }
}
