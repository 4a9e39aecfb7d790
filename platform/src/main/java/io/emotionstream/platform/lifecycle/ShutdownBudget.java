package io.emotionstream.platform.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closes a service's parts one after another within one time budget: each part gets what is left of it and runs on
 * a thread of its own, so a part that hangs (a Kafka client waiting for a cluster that is gone) cannot hold the
 * parts after it or the process; what did not close in time is named in the {@link ShutdownReport}.
 */
public final class ShutdownBudget {
    /** A part's close, told the time left; true when it closed within it. */
    @FunctionalInterface
    public interface TimedClose {
        boolean closeWithin(Duration timeLeft) throws Exception;
    }

    /** How long a part told zero time is waited for: it may only check whether it closed. */
    static final Duration CHECK = Duration.ofMillis(50);

    private final Duration budget;
    private final long startNanos = System.nanoTime();
    private final List<String> unclosed = new ArrayList<>();

    private ShutdownBudget(Duration budget) {
        this.budget = budget;
    }

    /** Starts spending {@code budget} now. */
    public static ShutdownBudget start(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a shutdown budget must be positive, not " + budget);
        }
        return new ShutdownBudget(budget);
    }

    /** What is left of the budget (zero once spent). */
    public Duration left() {
        Duration left = budget.minusNanos(System.nanoTime() - startNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Closes a part that bounds itself: told the time left, it says whether it closed. Once the budget is spent a
     * part is told zero and given {@link #CHECK}: enough to say whether it has closed already (a client asked to
     * stop earlier, stopping beside the one that used the budget).
     */
    public boolean close(String part, TimedClose close) {
        Duration left = left();
        Duration wait = left.isZero() ? CHECK : left;
        Outcome outcome = new Outcome();
        Thread worker = new Thread(() -> outcome.run(close, left), "emotion-stream-close-" + part.replace(' ', '-'));
        worker.setDaemon(true); // a part still closing must not keep the process alive
        worker.start();
        joinWithin(worker, wait);
        String problem = outcome.problem(worker.isAlive(), left);
        if (problem != null) {
            unclosed.add(part + " (" + problem + ")");
            return false;
        }
        return true;
    }

    /**
     * Waits for the part even when the caller is interrupted (the demo stopping on Ctrl-C, a test interrupting it):
     * a stop cut short by an interrupt leaves stores open and files being written behind the caller's back, and the
     * budget bounds the wait anyway. The interrupt is kept for the caller.
     */
    private static void joinWithin(Thread worker, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean interrupted = false;
        while (worker.isAlive()) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis <= 0) {
                break;
            }
            try {
                worker.join(leftMillis);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes a part whose close takes no time limit: the budget bounds it from outside (not tried once spent). */
    public boolean closeUntimed(String part, Runnable close) {
        if (left().isZero()) {
            unclosed.add(part + " (not tried: the budget was spent)");
            return false;
        }
        return close(part, timeLeft -> {
            close.run();
            return true;
        });
    }

    /** Names a part that is not closed on purpose (its users may still run), without spending time on it. */
    public void leaveOpen(String part, String why) {
        unclosed.add(part + " (left open: " + why + ")");
    }

    /** What closed and what did not, so far. */
    public ShutdownReport report() {
        return new ShutdownReport(budget, budget.minus(left()), List.copyOf(unclosed));
    }

    /** What one part's close thread ended with, read after the join. */
    private static final class Outcome {
        private volatile boolean closed;
        private volatile Exception failure;

        void run(TimedClose close, Duration left) {
            try {
                closed = close.closeWithin(left);
            } catch (Exception e) {
                failure = e;
            }
        }

        /** Why the part did not close, or null when it did. */
        String problem(boolean stillRunning, Duration given) {
            if (stillRunning) {
                return given.isZero()
                        ? "still closing, the budget spent"
                        : "still closing after " + given.toMillis() + " ms";
            }
            if (failure != null) {
                return "close failed: " + failure;
            }
            return closed
                    ? null
                    : given.isZero() ? "not closed, the budget spent" : "not closed within " + given.toMillis() + " ms";
        }
    }
}
