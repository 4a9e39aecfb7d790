package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;

/** One scored prediction as seen by one attribute: the event's value of it, the truth, the prediction, the label's delay. */
record ScoredGroup(String group, Emotion truth, Emotion predicted, long eventTime, long labelDelayMs) implements ScopeOutcome {
}
