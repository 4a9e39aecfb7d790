package io.emotionstream.streamapp;

import io.emotionstream.platform.lifecycle.ShutdownReport;
import java.time.Duration;

/**
 * The stop of {@code serve}: a JVM shutdown hook (SIGTERM, Ctrl-C, or the exit after a client stopped) that closes
 * the app within {@code shutdown.timeout} and then makes sure the process ends. A part that did not close is named on
 * stderr and the process halts with {@link ServeCommand#EXIT_STOP_INCOMPLETE}, rather than wait for the
 * orchestrator's SIGKILL; under exactly-once nothing is lost by it (what was not committed is replayed on the next
 * start). A watchdog halts the process too if anything else keeps it (another library's shutdown hook) past the
 * budget and {@link #GRACE}.
 */
final class StopOnSignal implements Runnable {
    /** What the watchdog allows past the budget: the report printed, the other hooks' last steps. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final StreamApp app;
    private final Duration budget;

    StopOnSignal(StreamApp app, Duration budget) {
        this.app = app;
        this.budget = budget;
    }

    Thread thread() {
        return new Thread(this, "emotion-stream-shutdown");
    }

    @Override
    public void run() {
        Thread watchdog = new Thread(this::haltWhenOverdue, "emotion-stream-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        ShutdownReport report = app.close(budget);
        if (report.complete()) {
            System.err.println("emotion-stream serve: stopped (" + report.describe() + ")");
        } else {
            System.err.println("emotion-stream serve: stop incomplete, shutdown.timeout=" + budget.toSeconds()
                    + "s spent; " + report.describe()
                    + "; exiting now (what was not committed is replayed on the next start)");
            Runtime.getRuntime().halt(ServeCommand.EXIT_STOP_INCOMPLETE);
        }
    }

    private void haltWhenOverdue() {
        try {
            Thread.sleep(budget.plus(GRACE).toMillis());
        } catch (InterruptedException e) {
            return;
        }
        System.err.println("emotion-stream serve: still stopping " + GRACE.toSeconds() + " s after shutdown.timeout="
                + budget.toSeconds() + "s (another shutdown hook); exiting now");
        Runtime.getRuntime().halt(ServeCommand.EXIT_STOP_INCOMPLETE);
    }
}
