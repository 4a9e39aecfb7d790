package io.emotionstream.streamapp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What an exception that escapes a stream thread does. Kafka's own transient errors replace the thread, which under
 * exactly-once aborts its open transaction and carries on from the last commit: a broker restart must not stop the
 * app. Transient means a {@link RetriableException} anywhere in the cause chain (a broker gone, a leader moving, a
 * request timing out while a cluster heals) or a transaction the cluster ended under the thread
 * ({@link InvalidTxnStateException}, {@link TransactionAbortedException}, {@link InvalidProducerEpochException}: seen in
 * {@code ClusterFaultsIT} when the coordinator's broker froze past the transaction timeout and the commit came back
 * as an invalid transaction state). Anything else is a bug or a broken environment and stops the client, loudly; so
 * does a run of transient errors (more than {@link #MAX_REPLACEMENTS} in {@link #WINDOW}), so a fault that does not
 * heal cannot become a silent restart loop.
 */
final class ThreadFailurePolicy {
    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    ThreadFailurePolicy(Clock clock) {
        this.clock = clock;
    }

    synchronized StreamThreadExceptionResponse onException(Throwable e) {
        if (!isTransientKafkaError(e)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Instant now = clock.instant();
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(WINDOW))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Replacements in the current window, for the log line. */
    synchronized int recentReplacements() {
        return replacements.size();
    }

    static boolean isTransientKafkaError(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof RetriableException
                    || t instanceof InvalidTxnStateException
                    || t instanceof TransactionAbortedException
                    || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
