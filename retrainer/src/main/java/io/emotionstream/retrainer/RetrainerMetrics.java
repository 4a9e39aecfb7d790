package io.emotionstream.retrainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The retraining service's meters ({@code trainer_*}), on a registry the caller owns. */
public final class RetrainerMetrics {
    private final MeterRegistry meters;
    private final Timer retrainTime;
    /** Gauges hold their state weakly: the watched objects are kept here so a collection cannot turn them into NaN. */
    private final List<Object> watched = new ArrayList<>();

    public RetrainerMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.retrainTime = Timer.builder("trainer_retrain_duration")
                .description("Training, evaluation and publishing")
                .register(meters);
    }

    /** On a Prometheus registry; {@link #scraper()} serves it on /metrics. */
    public static RetrainerMetrics prometheus() {
        return new RetrainerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** The text exposition of the registry, when it is a Prometheus one. */
    public Supplier<String> scraper() {
        if (meters instanceof PrometheusMeterRegistry prometheus) {
            return prometheus::scrape;
        }
        throw new IllegalStateException(
                "not a Prometheus registry: " + meters.getClass().getSimpleName());
    }

    void watch(LabelledSet labelled, IntSupplier publishedVersion) {
        watched.add(labelled);
        watched.add(publishedVersion);
        Gauge.builder("trainer_training_set_events", labelled, LabelledSet::size)
                .description("Labelled events held for the next retrain")
                .register(meters);
        Gauge.builder(
                        "trainer_training_set_groups",
                        labelled,
                        l -> l.sizeByGroup().size())
                .description("Distinct values of the balancing group attribute held")
                .register(meters);
        Gauge.builder("trainer_published_version", publishedVersion, IntSupplier::getAsInt)
                .description("Last version this service published as challenger (0: none yet)")
                .register(meters);
    }

    void labelled() {
        Counter.builder("trainer_labelled_events")
                .description("Labelled events taken into the training set")
                .register(meters)
                .increment();
    }

    /** {@code reason}: a rejection code of the decoder, or unlabelled, unknown_label, class_not_in_model, duplicate (bounded). */
    void skipped(String reason) {
        Counter.builder("trainer_events_skipped")
                .description("Events not used for training, by reason")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    void alert(AlertRequest.Outcome outcome) {
        Counter.builder("trainer_alerts")
                .description("Bias-alert records read, by what they asked")
                .tag("outcome", outcome.code())
                .register(meters)
                .increment();
    }

    /** A record of the bias-metrics topic read (the monitor's comparisons among them), whatever it held. */
    void biasMetricsRead() {
        Counter.builder("trainer_bias_metrics_records")
                .description("Records read from the bias-metrics topic")
                .register(meters)
                .increment();
    }

    void promoted() {
        Counter.builder("trainer_promotions")
                .description(
                        "Challengers this service published and then promoted to champion on the monitor's evidence")
                .register(meters)
                .increment();
    }

    void retrained(RetrainPolicy.Trigger trigger, Duration took) {
        retrainTime.record(took);
        Counter.builder("trainer_retrains")
                .description("Retrains that published a challenger, by trigger")
                .tag("trigger", trigger.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }
}
