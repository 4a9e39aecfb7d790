package io.emotionstream.fairness;

import io.emotionstream.schemas.Emotion;

/**
 * One scored prediction as seen by one attribute: the event's value of it, the truth, the prediction, the label's
 * delay, and the probability the prediction gave its class (NaN when unknown: records written before it was carried).
 */
public record ScoredGroup(
        String group, Emotion truth, Emotion predicted, long eventTime, long labelDelayMs, double confidence)
        implements ScopeOutcome {
    ScoredGroup(String group, Emotion truth, Emotion predicted, long eventTime, long labelDelayMs) {
        this(group, truth, predicted, eventTime, labelDelayMs, Double.NaN);
    }

    boolean correct() {
        return truth == predicted;
    }
}
