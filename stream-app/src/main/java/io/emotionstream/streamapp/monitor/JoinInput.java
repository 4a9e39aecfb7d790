package io.emotionstream.streamapp.monitor;

/**
 * What the label join reads: predictions (champion and challenger), labels and erasure requests, merged on the event
 * id. Both arrive
 * undecoded: anyone can write to these topics, so a record that is not what it should be is dead-lettered with its
 * original bytes by the join, instead of failing in a deserializer.
 */
sealed interface JoinInput {
    record Prediction(byte[] bytes) implements JoinInput {}

    record Label(byte[] bytes) implements JoinInput {}

    /** Forget the event of this record's key: {@code requestId} names the request it belongs to. */
    record Erasure(byte[] requestId) implements JoinInput {}
}
