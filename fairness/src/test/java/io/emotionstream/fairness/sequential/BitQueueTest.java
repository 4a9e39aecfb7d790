package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BitQueueTest {
    @Test
    void shouldGiveOutcomesBackInArrivalOrder() {
        BitQueue queue = new BitQueue();
        queue.push(true);
        queue.push(false);
        queue.push(true);

        assertThat(queue.pop()).isTrue();
        assertThat(queue.pop()).isFalse();
        assertThat(queue.pop()).isTrue();
        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(queue::pop).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldDropTheOldestWhenFull() {
        // given a full queue whose oldest outcome is the only right one
        BitQueue queue = new BitQueue();
        queue.push(true);
        for (int i = 1; i < BitQueue.CAPACITY; i++) {
            queue.push(false);
        }

        // when one more arrives
        queue.push(false);

        // then the oldest went, and the queue holds CAPACITY wrong outcomes
        assertThat(queue.size()).isEqualTo(BitQueue.CAPACITY);
        for (int i = 0; i < BitQueue.CAPACITY; i++) {
            assertThat(queue.pop()).isFalse();
        }
    }

    @Test
    void shouldRestoreFromItsPersistedBits() {
        BitQueue queue = new BitQueue();
        for (int i = 0; i < 10; i++) {
            queue.push(i % 3 == 0);
        }
        queue.pop();

        BitQueue restored = new BitQueue(queue.bits(), queue.size());

        for (int i = 1; i < 10; i++) {
            assertThat(restored.pop()).as("outcome %d", i).isEqualTo(i % 3 == 0);
        }
    }
}
