package io.emotionstream.streamapp.monitor;

import io.emotionstream.schemas.events.EmotionPrediction;

/** What the label join reads: predictions (champion and challenger) and labels, merged on the event id. */
sealed interface JoinInput {
    record Prediction(EmotionPrediction prediction) implements JoinInput {
    }

    /** Undecoded, so a bad label can be dead-lettered with its original bytes. */
    record Label(byte[] bytes) implements JoinInput {
    }
}
