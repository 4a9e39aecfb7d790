package io.emotionstream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReachabilityTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void shouldBeReachableUntilAProbeGoesUnanswered() {
        Reachability reachability = new Reachability();

        assertThat(reachability.answered(T0)).isEqualTo(Reachability.Change.NONE);
        assertThat(reachability.reachable()).isTrue();
        assertThat(reachability.unreachableSince()).isEmpty();
        assertThat(reachability.unreachableFor(T0.plusSeconds(30))).isZero();
    }

    @Test
    void shouldSayOnceThatTheClusterWasLostAndSinceTheFirstUnansweredProbe() {
        // given a reachable cluster
        Reachability reachability = new Reachability();

        // when three probes in a row go unanswered
        Reachability.Change first = reachability.unanswered(T0);
        Reachability.Change second = reachability.unanswered(T0.plusSeconds(3));
        Reachability.Change third = reachability.unanswered(T0.plusSeconds(6));

        // then only the first is a change, and the outage counts from it
        assertThat(first).isEqualTo(Reachability.Change.LOST);
        assertThat(second).isEqualTo(Reachability.Change.NONE);
        assertThat(third).isEqualTo(Reachability.Change.NONE);
        assertThat(reachability.reachable()).isFalse();
        assertThat(reachability.unreachableSince()).contains(T0);
        assertThat(reachability.unreachableFor(T0.plusSeconds(61))).isEqualTo(Duration.ofSeconds(61));
    }

    @Test
    void shouldSayOnceThatTheClusterWasRegainedAndForgetTheOutage() {
        Reachability reachability = new Reachability();
        reachability.unanswered(T0);

        Reachability.Change back = reachability.answered(T0.plusSeconds(40));
        Reachability.Change again = reachability.answered(T0.plusSeconds(41));

        assertThat(back).isEqualTo(Reachability.Change.REGAINED);
        assertThat(again).isEqualTo(Reachability.Change.NONE);
        assertThat(reachability.reachable()).isTrue();
        assertThat(reachability.unreachableFor(T0.plusSeconds(100))).isZero();
        // a new outage counts from its own first unanswered probe
        reachability.unanswered(T0.plusSeconds(200));
        assertThat(reachability.unreachableSince()).contains(T0.plusSeconds(200));
    }
}
