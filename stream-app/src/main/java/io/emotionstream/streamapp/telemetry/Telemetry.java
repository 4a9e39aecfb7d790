package io.emotionstream.streamapp.telemetry;

import io.emotionstream.platform.ops.OpsServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What operators see: the Prometheus registry every meter is registered on, the JVM and Kafka Streams binders, and
 * the operations server ({@code /metrics}, {@code /health}, {@code /ready}).
 */
public final class Telemetry implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<KafkaStreamsMetrics> clients = new ArrayList<>();
    private final JvmGcMetrics gc = new JvmGcMetrics(); // listens to the JVM until closed
    private OpsServer ops;

    public Telemetry() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Kafka Streams' own client metrics (consumer lag, commit rates, ...) on the same registry. */
    public void bind(KafkaStreams client) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(client);
        metrics.bindTo(registry);
        clients.add(metrics);
    }

    /** Starts the operations server; returns its port (0 asks for any free one). */
    public int serve(String host, int port, BooleanSupplier healthy, BooleanSupplier ready) {
        ops = new OpsServer(host, port, registry::scrape, healthy, ready);
        return ops.port();
    }

    public int port() {
        return ops.port();
    }

    @Override
    public void close() {
        clients.forEach(KafkaStreamsMetrics::close);
        gc.close();
        if (ops != null) {
            ops.close();
        }
    }
}
