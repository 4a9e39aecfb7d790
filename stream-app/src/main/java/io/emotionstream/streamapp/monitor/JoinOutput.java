package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.events.EmotionPrediction;

/**
 * What the label join produces: a prediction scored against its label (which came {@code labelDelayMs} after the
 * event), a prediction whose label never came within the horizon, or an input record it refused.
 */
sealed interface JoinOutput {
    record Scored(EmotionPrediction prediction, Emotion truth, long labelDelayMs) implements JoinOutput {
        boolean correct() {
            return prediction.getPredicted().name().equals(truth.name());
        }
    }

    /** No label within the horizon (expired, evicted, or labelled too late): counts against the group's coverage. */
    record Unlabelled(EmotionPrediction prediction) implements JoinOutput {
    }

    /** A prediction or label refused, with its original bytes, for the dead-letter topic. */
    record Rejected(byte[] bytes, DeadLetterReason reason, String detail) implements JoinOutput {
    }
}
