package io.emotionstream.streamapp.errors;

import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Meters of the last line of defence, per Kafka Streams client ({@code classifier}, {@code monitor}): records that
 * failed processing by processor node (nodes are the topology's, a bounded set), and whether the breaker tripped.
 * Each failure is also a dead letter {@code processing_failed}; the Prometheus rule ProcessingFailed alerts on it.
 */
public final class FailureMetrics {
    private final MeterRegistry registry;
    private final String client;
    private final AtomicInteger tripped = new AtomicInteger();

    public FailureMetrics(MeterRegistry registry, String client) {
        this.registry = registry;
        this.client = client;
        deadLetters().increment(0);
        Gauge.builder("emotion_processing_breaker_tripped", tripped, AtomicInteger::get)
                .description("1 when nearly every record failed processing and the client was stopped")
                .tag("client", client)
                .register(registry);
    }

    /**
     * Registers the failure counter at 0 for every processor of the client's topology (a bounded set), so that the
     * first failure after a start is an increase: a series that appears at 1 has none, and the alert on
     * {@code increase(emotion_processing_failures_total[10m])} would never fire for it.
     */
    public void expectFailuresAt(TopologyDescription topology) {
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor) {
                    failures(node.name());
                }
            }
        }
    }

    public void failed(String node) {
        failures(node == null ? "none" : node).increment();
        deadLetters().increment();
    }

    private Counter failures(String node) {
        return Counter.builder("emotion_processing_failures")
                .description("Records whose processing threw, dead-lettered")
                .tag("client", client)
                .tag("node", node)
                .register(registry);
    }

    public void tripped() {
        tripped.set(1);
    }

    private Counter deadLetters() {
        return StreamMetrics.deadLetters(registry, DeadLetterReason.PROCESSING_FAILED.code());
    }
}
