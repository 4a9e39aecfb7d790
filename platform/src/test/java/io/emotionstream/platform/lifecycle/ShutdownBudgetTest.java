package io.emotionstream.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownBudgetTest {
    private final CountDownLatch never = new CountDownLatch(1);

    @Test
    void shouldCloseEveryPartInOrderAndReportACompleteStop() {
        // given a budget and three parts that close at once
        ShutdownBudget budget = ShutdownBudget.start(Duration.ofSeconds(5));
        List<String> closed = new ArrayList<>();

        // when each is closed
        budget.closeUntimed("a", () -> closed.add("a"));
        budget.close("b", timeLeft -> closed.add("b"));
        budget.closeUntimed("c", () -> closed.add("c"));

        // then all closed, in order, and the report says so
        assertThat(closed).containsExactly("a", "b", "c");
        assertThat(budget.report().complete()).isTrue();
        assertThat(budget.report().describe()).startsWith("closed in ");
    }

    @Test
    void shouldTellEachPartTheTimeLeftOfTheBudget() {
        ShutdownBudget budget = ShutdownBudget.start(Duration.ofSeconds(30));
        List<Duration> told = new ArrayList<>();

        budget.close("first", timeLeft -> told.add(timeLeft));

        assertThat(told)
                .singleElement()
                .satisfies(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void shouldNameAPartThatHangsAndNotLetItHoldTheStopPastTheBudget() {
        // given a part that never returns, then one that would close
        ShutdownBudget budget = ShutdownBudget.start(Duration.ofMillis(300));
        List<String> closed = new ArrayList<>();

        // when both are closed
        boolean first = budget.closeUntimed("stuck client", this::awaitForever);
        boolean second = budget.closeUntimed("server", () -> closed.add("server"));

        // then the stop ends with the budget, naming the stuck part and the part it left no time for
        boolean third = budget.close("client asked to stop earlier", timeLeft -> timeLeft.isZero());
        boolean fourth = budget.close("client still stopping", timeLeft -> false);
        assertThat(first).isFalse();
        assertThat(second).isFalse();
        assertThat(closed).isEmpty();
        ShutdownReport report = budget.report();
        assertThat(report.complete()).isFalse();
        assertThat(report.took()).isLessThanOrEqualTo(Duration.ofMillis(300));
        assertThat(report.unclosed()).hasSize(3);
        assertThat(report.unclosed().get(0)).matches("stuck client \\(still closing after \\d+ ms\\)");
        assertThat(report.unclosed().get(1)).isEqualTo("server (not tried: the budget was spent)");
        // and a part that bounds itself is still asked, with no time left, whether it has closed already
        assertThat(third).isTrue();
        assertThat(fourth).isFalse();
        assertThat(report.unclosed().get(2)).isEqualTo("client still stopping (not closed, the budget spent)");
    }

    @Test
    void shouldWaitForAPartWithinTheBudgetEvenWhenTheCallerIsInterrupted() throws Exception {
        // given a caller that has been interrupted, and a part that needs a moment to close
        CountDownLatch released = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        Thread releaser = new Thread(
                () -> { // finishes the part's close once the caller is waiting for it
                    await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
                    released.countDown();
                });
        ShutdownBudget budget = ShutdownBudget.start(Duration.ofSeconds(10));
        Thread.currentThread().interrupt();
        releaser.start();

        // when it is closed
        boolean closed =
                budget.close("slow client", timeLeft -> released.await(timeLeft.toMillis(), TimeUnit.MILLISECONDS));

        // then the stop waited for it, and the caller still knows it was interrupted
        assertThat(Thread.interrupted()).isTrue();
        assertThat(closed).isTrue();
        assertThat(budget.report().complete()).isTrue();
    }

    @Test
    void shouldNameAPartThatSaysItDidNotCloseOrThatThrew() {
        ShutdownBudget budget = ShutdownBudget.start(Duration.ofSeconds(5));

        budget.close("kafka streams", timeLeft -> false);
        budget.closeUntimed("broken", () -> {
            throw new IllegalStateException("boom");
        });
        budget.leaveOpen("memory", "a client may still use it");

        assertThat(budget.report().unclosed()).hasSize(3);
        assertThat(budget.report().unclosed().get(0)).startsWith("kafka streams (not closed within ");
        assertThat(budget.report().unclosed().get(1))
                .isEqualTo("broken (close failed: java.lang.IllegalStateException: boom)");
        assertThat(budget.report().unclosed().get(2)).isEqualTo("memory (left open: a client may still use it)");
        assertThat(budget.report().describe()).startsWith("not closed within 5000 ms: kafka streams");
    }

    @Test
    void shouldRefuseABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> ShutdownBudget.start(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private void awaitForever() {
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
