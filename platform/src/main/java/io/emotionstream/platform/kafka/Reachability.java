package io.emotionstream.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the cluster answers, from the outcomes of probes: unreachable from the first probe no broker answered,
 * reachable again at the next one some broker answered. Each call says whether the state changed, so the change is
 * logged once, not once per probe. Thread-safe: probes write, the ops endpoints and meters read.
 */
public final class Reachability {
    /** What a probe's outcome did to the state. */
    public enum Change {
        NONE,
        LOST,
        REGAINED
    }

    private Instant unreachableSince; // null while reachable

    /** A broker answered at {@code now}. */
    public synchronized Change answered(Instant now) {
        if (unreachableSince == null) {
            return Change.NONE;
        }
        unreachableSince = null;
        return Change.REGAINED;
    }

    /** No broker answered the probe that ended at {@code now} (it started at {@code sentAt}). */
    public synchronized Change unanswered(Instant sentAt) {
        if (unreachableSince != null) {
            return Change.NONE;
        }
        unreachableSince = sentAt; // the last moment the cluster could have answered and did not
        return Change.LOST;
    }

    public synchronized Optional<Instant> unreachableSince() {
        return Optional.ofNullable(unreachableSince);
    }

    public synchronized boolean reachable() {
        return unreachableSince == null;
    }

    /** How long no broker has answered at {@code now}; zero while reachable. */
    public synchronized Duration unreachableFor(Instant now) {
        if (unreachableSince == null || now.isBefore(unreachableSince)) {
            return Duration.ZERO;
        }
        return Duration.between(unreachableSince, now);
    }
}
