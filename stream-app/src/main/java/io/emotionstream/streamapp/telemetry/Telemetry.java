package io.emotionstream.streamapp.telemetry;

import io.emotionstream.platform.kafka.ClusterWatch;
import io.emotionstream.platform.kafka.HangingTransactions;
import io.emotionstream.platform.ops.OpsServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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

    /**
     * Whether the cluster answers ({@code emotion_kafka_reachable}: 1 or 0) and since when it has not
     * ({@code emotion_kafka_unreachable_since_seconds}: Unix time, 0 while it answers), from {@code watch}'s probes.
     */
    public void bind(ClusterWatch watch) {
        Gauge.builder("emotion_kafka_reachable", watch, w -> w.reachability().reachable() ? 1 : 0)
                .description("1 while a broker answers the cluster watch's probes, 0 once none did")
                .register(registry);
        Gauge.builder(
                        "emotion_kafka_unreachable_since_seconds",
                        watch,
                        w -> w.reachability()
                                .unreachableSince()
                                .map(since -> since.toEpochMilli() / 1000.0)
                                .orElse(0.0))
                .description(
                        "Unix time of the first probe no broker answered, in the current outage; 0 while one answers")
                .baseUnit("seconds")
                .register(registry);
    }

    /**
     * The count of hanging transactions found on the app's partitions, by what was done with each
     * ({@code emotion_hanging_transactions_total{action="aborted"|"left"}}), both registered at 0 so that the first one
     * is an increase an alert sees; returns what counts one.
     */
    public Consumer<HangingTransactions.Action> hangingTransactions() {
        Map<HangingTransactions.Action, Counter> counters = new EnumMap<>(HangingTransactions.Action.class);
        for (HangingTransactions.Action action : HangingTransactions.Action.values()) {
            counters.put(
                    action,
                    Counter.builder("emotion_hanging_transactions")
                            .tag("action", action.tag())
                            .description(
                                    "Hanging transactions found on the app's partitions: aborted, or left for an operator")
                            .register(registry));
        }
        return action -> counters.get(action).increment();
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
