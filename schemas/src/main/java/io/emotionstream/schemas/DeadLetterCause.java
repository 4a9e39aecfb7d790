package io.emotionstream.schemas;

/**
 * A named reason a record became a dead letter: {@link DeadLetterReason} (the record or its event) or the ML core's
 * image refusals ({@code model.preprocess.RejectReason}). Its {@link #code()} is stable: the {@code dlq.reason}
 * header and the {@code reason} metric tag, a bounded set.
 */
public interface DeadLetterCause {
    /** Lower-case, underscore-separated, e.g. {@code truncated}. */
    String code();
}
