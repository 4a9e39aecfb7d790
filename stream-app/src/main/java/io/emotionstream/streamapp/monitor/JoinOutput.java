package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.GroupPredictions;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.events.EmotionPrediction;

/**
 * What the label join produces: a prediction scored against its label (which came {@code labelDelayMs} after the
 * event), the fates of a bucket of predictions (labelled or not, {@link LabelFates}), or an input record it refused.
 */
sealed interface JoinOutput {
    record Scored(EmotionPrediction prediction, Emotion truth, long labelDelayMs) implements JoinOutput {
        boolean correct() {
            return prediction.getPredicted().name().equals(truth.name());
        }
    }

    /** Per group of one scope, how many predictions of one arrival bucket got a label within the horizon and not. */
    record Fates(LabelFates.Released released) implements JoinOutput {}

    /** Per group of one scope, the predictions counted since the last flush ({@link PredictionTallies}). */
    record Predicted(String scopeKey, GroupPredictions predictions) implements JoinOutput {}

    /** Champion and challenger scored on the same event ({@link ChallengerPairs}). */
    record Paired(ChallengerPairs.Pair pair) implements JoinOutput {}

    /** A prediction or label refused, with its original bytes, for the dead-letter topic. */
    record Rejected(byte[] bytes, DeadLetterReason reason, String detail) implements JoinOutput {}
}
