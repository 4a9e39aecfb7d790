package io.emotionstream.streamapp.telemetry;

import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A line on stderr every few seconds, so someone running {@code serve} in a terminal sees predictions flowing. */
public final class StatusLine implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "emotion-stream-status");
        t.setDaemon(true);
        return t;
    });

    public StatusLine(Duration period, Supplier<Object> state, ClassifierHolder classifiers, StreamMetrics metrics) {
        long[] last = {0};
        timer.scheduleAtFixedRate(
                () -> {
                    long predictions = (long) metrics.predictionsTotal();
                    long dead = (long) metrics.deadLettersTotal();
                    String model = classifiers
                                    .current()
                                    .map(c -> c.model().name() + ":" + c.model().version())
                                    .orElse("none (holding events)")
                            + classifiers
                                    .current(ModelRole.CHALLENGER)
                                    .map(c -> ", challenger " + c.model().name() + ":"
                                            + c.model().version())
                                    .orElse("");
                    System.err.printf(
                            "[serve] %s | model %s | predictions %d (%.0f/s) | dead letters %d%n",
                            state.get(),
                            model,
                            predictions,
                            (predictions - last[0]) / (double) period.toSeconds(),
                            dead);
                    last[0] = predictions;
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
