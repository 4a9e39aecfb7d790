package io.emotionstream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class TopicCreationTest {
    private static final Duration BACKOFF = Duration.ofMillis(1);

    @Test
    void shouldRetryATopicTheBrokersMetadataDoesNotKnowYet() throws Exception {
        // given a description that fails twice as it does while the broker's metadata lags the controller
        AtomicInteger attempts = new AtomicInteger();

        // when
        TopicCreation.retrying(
                "images",
                () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new ExecutionException(new UnknownTopicOrPartitionException("not yet"));
                    }
                },
                Duration.ofSeconds(10),
                BACKOFF);

        // then the third attempt returned
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldFailAtOnceOnAnErrorThatIsNotRetriable() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> TopicCreation.retrying(
                        "bad/name",
                        () -> {
                            attempts.incrementAndGet();
                            throw new ExecutionException(new InvalidTopicException("bad name"));
                        },
                        Duration.ofSeconds(10),
                        BACKOFF))
                .isInstanceOfSatisfying(
                        TopicCreation.Failed.class, e -> assertThat(e.topic()).isEqualTo("bad/name"));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void shouldGiveUpOnARetriableErrorOnceThePatienceIsSpent() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> TopicCreation.retrying(
                        "images",
                        () -> {
                            attempts.incrementAndGet();
                            throw new ExecutionException(new UnknownTopicOrPartitionException("never"));
                        },
                        Duration.ofMillis(50),
                        BACKOFF))
                .isInstanceOfSatisfying(
                        TopicCreation.Failed.class,
                        e -> assertThat(e.getCause()).isInstanceOf(UnknownTopicOrPartitionException.class));
        assertThat(attempts.get()).isGreaterThan(1);
    }
}
