package io.emotionstream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HangingTransactionsTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("app-pending-images-changelog", 0);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration MIN_AGE = Duration.ofSeconds(30);

    @Test
    void shouldCallAnOpenTransactionHangingWhenItsCoordinatorHasMovedOn() {
        // given producer 1 wrote at epoch 26 four minutes ago, and its coordinator is empty at epoch 28 (as seen after
        // a broker and the app stopped together)
        ProducerState open = open(1, 26, NOW.minus(Duration.ofMinutes(4)));
        TransactionDescription coordinator = view(1, 28, TransactionState.EMPTY, Set.of());

        // then the transaction hangs: no marker will come
        assertThat(HangingTransactions.hangs(CHANGELOG, open, List.of(coordinator), NOW, MIN_AGE))
                .isTrue();
        assertThat(HangingTransactions.hangs(CHANGELOG, open, List.of(), NOW, MIN_AGE))
                .as("no transactional id uses the producer id any more")
                .isTrue();
    }

    @Test
    void shouldLeaveATransactionItsCoordinatorWillComplete() {
        ProducerState open = open(1, 26, NOW.minus(Duration.ofMinutes(4)));

        for (TransactionState completing :
                List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT)) {
            assertThat(HangingTransactions.hangs(
                            CHANGELOG, open, List.of(view(1, 26, completing, Set.of(CHANGELOG))), NOW, MIN_AGE))
                    .as(completing.toString())
                    .isFalse();
        }
        // but an open transaction of the same epoch that does not name this partition does hang
        assertThat(HangingTransactions.hangs(
                        CHANGELOG,
                        open,
                        List.of(view(1, 26, TransactionState.ONGOING, Set.of(new TopicPartition("other", 0)))),
                        NOW,
                        MIN_AGE))
                .isTrue();
    }

    @Test
    void shouldLeaveRecentWritesAndProducersWithoutAnOpenTransaction() {
        assertThat(HangingTransactions.hangs(CHANGELOG, open(1, 26, NOW.minusSeconds(10)), List.of(), NOW, MIN_AGE))
                .as("younger than the minimum age: its coordinator may not have timed it out yet")
                .isFalse();
        ProducerState closed = new ProducerState(
                1, 26, 4, NOW.minus(Duration.ofHours(1)).toEpochMilli(), OptionalInt.of(2), OptionalLong.empty());
        assertThat(HangingTransactions.hangs(CHANGELOG, closed, List.of(), NOW, MIN_AGE))
                .isFalse();
    }

    @Test
    void shouldAbortOnlyTransactionsWhoseOffsetsWereNotCommittedEither() {
        // given producer 1's transaction hanging on a changelog and on the group offsets, and producer 2's on an output
        // topic alone (its offsets' marker may have been a commit that reached the offsets and not the output)
        var offsets = new TopicPartition("__consumer_offsets", 7);
        var output = new TopicPartition("emotion.predictions", 0);
        var changelogOfOne = hanging(CHANGELOG, 1, 26);
        var offsetsOfOne = hanging(offsets, 1, 26);
        var outputOfTwo = hanging(output, 2, 18);
        var offsetsOfTwoEarlierEpoch = hanging(offsets, 2, 17);

        // then only producer 1's, of that epoch, are aborted
        assertThat(HangingTransactions.safeToAbort(
                        List.of(changelogOfOne, outputOfTwo, offsetsOfOne, offsetsOfTwoEarlierEpoch)))
                .containsExactly(changelogOfOne, offsetsOfOne, offsetsOfTwoEarlierEpoch);
    }

    private static HangingTransactions.Hanging hanging(TopicPartition partition, long producerId, int epoch) {
        return new HangingTransactions.Hanging(partition, producerId, epoch, 0, 91, Duration.ofMinutes(4));
    }

    private static ProducerState open(long producerId, int epoch, Instant lastWrite) {
        return new ProducerState(
                producerId, epoch, 2, lastWrite.toEpochMilli(), OptionalInt.of(0), OptionalLong.of(91));
    }

    private static TransactionDescription view(
            long producerId, int epoch, TransactionState state, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, producerId, epoch, 10_000, OptionalLong.empty(), partitions);
    }
}
