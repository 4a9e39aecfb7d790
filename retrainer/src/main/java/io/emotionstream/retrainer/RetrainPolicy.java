package io.emotionstream.retrainer;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the retrainer retrains: on a schedule (if anything new arrived), after N new labels, or when a bias
 * alert about its model arrives; never with fewer than {@code minSamples} labelled events in hand.
 */
public record RetrainPolicy(Duration every, int afterNewLabels, int minSamples) {
    public enum Trigger {
        SCHEDULE,
        NEW_LABELS,
        BIAS_ALERT
    }

    public RetrainPolicy {
        if (every.isNegative() || every.isZero() || afterNewLabels <= 0 || minSamples <= 0) {
            throw new IllegalArgumentException("retrain interval, label count and minimum samples must be positive");
        }
    }

    public Optional<Trigger> due(Instant now, Instant lastTraining, int newLabels, boolean alertPending, int held) {
        if (held < minSamples || newLabels == 0 && !alertPending) {
            return Optional.empty();
        }
        if (alertPending) {
            return Optional.of(Trigger.BIAS_ALERT);
        }
        if (newLabels >= afterNewLabels) {
            return Optional.of(Trigger.NEW_LABELS);
        }
        if (!now.isBefore(lastTraining.plus(every))) {
            return Optional.of(Trigger.SCHEDULE);
        }
        return Optional.empty();
    }
}
