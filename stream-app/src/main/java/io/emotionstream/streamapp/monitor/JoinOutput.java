package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import io.emotionstream.schemas.events.EmotionPrediction;

/** What the label join produces: a prediction scored against its label, or a label that could not be read. */
sealed interface JoinOutput {
    record Scored(EmotionPrediction prediction, Emotion truth) implements JoinOutput {
        boolean correct() {
            return prediction.getPredicted().name().equals(truth.name());
        }
    }

    record BadLabel(byte[] bytes, String reason, String detail) implements JoinOutput {
    }
}
