package io.emotionstream.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {
    private static final Instant LAST = Instant.parse("2026-11-24T10:00:00Z");
    private final RetrainPolicy policy = new RetrainPolicy(Duration.ofMinutes(10), 100, 50);

    @Test
    void shouldRetrainAfterEnoughNewLabels() {
        assertThat(policy.due(LAST.plusSeconds(1), LAST, 100, false, 400)).contains(RetrainPolicy.Trigger.NEW_LABELS);
        assertThat(policy.due(LAST.plusSeconds(1), LAST, 99, false, 400)).isEmpty();
    }

    @Test
    void shouldRetrainOnScheduleOnlyWhenSomethingNewArrived() {
        assertThat(policy.due(LAST.plus(Duration.ofMinutes(10)), LAST, 1, false, 400))
                .contains(RetrainPolicy.Trigger.SCHEDULE);
        assertThat(policy.due(LAST.plus(Duration.ofMinutes(10)), LAST, 0, false, 400))
                .isEmpty();
    }

    @Test
    void shouldRetrainOnABiasAlertEvenWithoutNewLabels() {
        assertThat(policy.due(LAST.plusSeconds(1), LAST, 0, true, 400)).contains(RetrainPolicy.Trigger.BIAS_ALERT);
    }

    @Test
    void shouldNeverTrainOnTooFewEvents() {
        assertThat(policy.due(LAST.plus(Duration.ofDays(1)), LAST, 49, true, 49))
                .isEmpty();
    }
}
