package io.emotionstream.streamapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {
    private Instant now = Instant.parse("2026-11-30T12:00:00Z");
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void shouldReplaceTheThreadWhenABrokerFaultEscapes() {
        // given a commit that timed out while a broker was gone, wrapped the way Streams wraps it
        Throwable escaped =
                new StreamsException("commit failed", new TimeoutException("timed out waiting for the coordinator"));

        assertThat(policy.onException(escaped)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldReplaceTheThreadWhenTheClusterEndedItsTransaction() {
        // given the commit that ClusterFaultsIT saw fail after the coordinator's broker froze past the transaction
        // timeout
        Throwable escaped = new StreamsException(
                "Error encountered trying to commit a transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));

        assertThat(policy.onException(escaped)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldStopTheClientOnAnythingElse() {
        assertThat(policy.onException(new StreamsException("store", new IllegalStateException("corrupt"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.onException(new NullPointerException()))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldStopTheClientWhenTransientErrorsDoNotHeal() {
        // given as many replacements as the window allows
        for (int i = 0; i < ThreadFailurePolicy.MAX_REPLACEMENTS; i++) {
            assertThat(policy.onException(new NotLeaderOrFollowerException("moved")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now = now.plusSeconds(10);
        }

        // when one more comes within the window, then the client stops
        assertThat(policy.onException(new NotLeaderOrFollowerException("moved")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

        // and once the window has passed, a new fault is replaced again
        now = now.plus(ThreadFailurePolicy.WINDOW).plus(Duration.ofSeconds(1));
        assertThat(policy.onException(new TimeoutException("again")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
