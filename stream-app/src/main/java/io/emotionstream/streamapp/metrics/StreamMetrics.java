package io.emotionstream.streamapp.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The app's own meters, on an injected registry. Tag values are bounded: emotions (6), model versions (few),
 * reject reasons (a fixed enum).
 */
public final class StreamMetrics {
    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer inference;
    private final Timer endToEnd;

    public StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("emotion_inference_batch_size")
                .description("Events per forward pass").baseUnit("events").register(registry);
        this.inference = Timer.builder("emotion_inference_latency")
                .description("Time of one batched forward pass").publishPercentileHistogram().register(registry);
        this.endToEnd = Timer.builder("emotion_event_latency")
                .description("From event time to prediction emitted").publishPercentileHistogram().register(registry);
    }

    public void prediction(String emotion, String modelName, int modelVersion) {
        Counter.builder("emotion_predictions").description("Predictions emitted")
                .tag("emotion", emotion).tag("model", modelName).tag("model_version", Integer.toString(modelVersion))
                .register(registry).increment();
    }

    public void deadLetter(String reason) {
        Counter.builder("emotion_dead_letters").description("Input records sent to the dead-letter topic")
                .tag("reason", reason).register(registry).increment();
    }

    public void batch(int size, long nanos) {
        batchSize.record(size);
        inference.record(Duration.ofNanos(nanos));
    }

    public void eventLatency(long millis) {
        endToEnd.record(Duration.ofMillis(Math.max(0, millis)));
    }
}
