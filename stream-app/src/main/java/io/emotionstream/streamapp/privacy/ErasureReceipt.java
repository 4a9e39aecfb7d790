package io.emotionstream.streamapp.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * What an erasure found and removed, and when: printed by {@code ./emotion-stream erase} for the request's records.
 * It names the subject as asked and no other person; the event ids themselves are not listed, only counted.
 *
 * @param found         records naming the person or one of their events, per topic, before the erasure
 * @param removedBefore per partition, the offset the log now starts at: every record before it is gone
 * @param remaining     records of the person still readable afterwards, per topic or store (empty when complete)
 * @param waitingFor    readers that had not read past the person's records in time (nothing was removed)
 */
public record ErasureReceipt(
        String subject,
        String requestId,
        Instant requestedAt,
        Instant completedAt,
        Outcome outcome,
        int events,
        Map<String, Integer> found,
        Map<TopicPartition, Long> removedBefore,
        Map<String, Integer> remaining,
        List<String> waitingFor) {

    public enum Outcome {
        /** Everything found is removed; nothing of the person can be read. */
        COMPLETE(0),
        /** No record names the person: nothing to do. */
        UNKNOWN_SUBJECT(4),
        /** A reader had not read past the person's records in time: nothing was removed; run it again. */
        PENDING(5),
        /** Removed, but records of the person were still readable afterwards (they arrived meanwhile): run again. */
        INCOMPLETE(5);

        /** The exit status of {@code erase}. */
        final int exitStatus;

        Outcome(int exitStatus) {
            this.exitStatus = exitStatus;
        }
    }

    /** Starts a receipt of {@code outcome}; what was removed, remains or is waited for is empty until set. */
    static final class Builder {
        private final String subject;
        private final String requestId;
        private final Instant requestedAt;
        private final Clock clock;
        private final Outcome outcome;
        private final SubjectTrail trail;
        private Map<TopicPartition, Long> removedBefore = Map.of();
        private Map<String, Integer> remaining = Map.of();
        private List<String> waitingFor = List.of();

        Builder(
                String subject,
                String requestId,
                Instant requestedAt,
                Clock clock,
                Outcome outcome,
                SubjectTrail trail) {
            this.subject = subject;
            this.requestId = requestId;
            this.requestedAt = requestedAt;
            this.clock = clock;
            this.outcome = outcome;
            this.trail = trail;
        }

        Builder removedBefore(Map<TopicPartition, Long> value) {
            removedBefore = value;
            return this;
        }

        Builder remaining(Map<String, Integer> value) {
            remaining = value;
            return this;
        }

        Builder waitingFor(List<String> value) {
            waitingFor = value;
            return this;
        }

        ErasureReceipt build() {
            return new ErasureReceipt(
                    subject,
                    requestId,
                    requestedAt,
                    clock.instant(),
                    outcome,
                    trail.eventIds().size(),
                    Map.copyOf(trail.records()),
                    removedBefore,
                    remaining,
                    waitingFor);
        }
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("erasure receipt\n");
        line(out, "subject", subject);
        line(out, "request", requestId);
        line(out, "requested at", requestedAt.toString());
        line(out, "completed at", completedAt.toString());
        line(out, "outcome", outcome.name());
        line(out, "events", events + " (event ids of the subject found)");
        found.forEach((topic, n) -> line(out, "found", topic + ": " + n + " record(s)"));
        removedBefore.entrySet().stream()
                .collect(Collectors.groupingBy(
                        e -> e.getKey().topic(),
                        java.util.TreeMap::new,
                        Collectors.mapping(
                                e -> e.getKey().partition() + " < " + e.getValue(), Collectors.joining(", "))))
                .forEach((topic, cut) ->
                        line(out, "removed", topic + ": every record before offset, by partition: " + cut));
        remaining.forEach((where, n) -> line(out, "remaining", where + ": " + n));
        waitingFor.forEach(reader -> line(out, "waiting for", reader));
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append("  ")
                .append(String.format("%-14s", label + ":"))
                .append(value)
                .append('\n');
    }
}
