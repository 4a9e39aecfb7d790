package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.Comparison;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.EstimatorState;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.monitor.LabelFreeEstimate;
import io.emotionstream.schemas.monitor.LabelParity;
import io.emotionstream.schemas.monitor.MixDrift;
import io.emotionstream.schemas.monitor.PromotionDecision;
import io.emotionstream.schemas.monitor.RateVerdict;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bias figures for Prometheus. Counters of scored and correct events per model version, role, attribute and group
 * (Grafana divides them for accuracy over any range), gauges of the latest windowed accuracy, its interval and the
 * gap. Cardinality is bounded: only allow-listed attributes, at most {@code maxGroups} values each in this process
 * (the rest are tagged {@value ScopeStats#OTHER}).
 */
public final class MonitorMetrics {
    private final MeterRegistry registry;
    private final Set<String> attributes;
    private final GroupTags groupTags;
    private final Map<GaugeKey, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    /** The group tag of the figures over all groups (a leading underscore: no allow-listed attribute value has one in practice). */
    static final String OVERALL = "_overall";

    private record GaugeKey(String name, Tags tags) {}

    private final Timer labelLag;

    public MonitorMetrics(MeterRegistry registry, MonitorSettings settings) {
        this(registry, settings, new GroupTags(settings.attributes(), settings.maxGroups()));
    }

    /** Sharing {@code groupTags} with the app's other meters keeps one set of named groups per attribute. */
    public MonitorMetrics(MeterRegistry registry, MonitorSettings settings, GroupTags groupTags) {
        this.registry = registry;
        this.attributes = settings.attributes();
        this.groupTags = groupTags;
        this.labelLag = Timer.builder("emotion_label_lag")
                .description("From event time to its ground-truth label")
                .publishPercentileHistogram()
                .register(registry);
        for (String status : List.of("raised", "resolved")) {
            Counter.builder("emotion_bias_alerts")
                    .description("Bias alerts raised and resolved")
                    .tag("status", status)
                    .register(registry);
        }
        for (LabelOutcome outcome : LabelOutcome.values()) {
            Counter.builder("emotion_labels")
                    .description("Ground-truth labels by what became of them")
                    .tag("outcome", outcome.code())
                    .register(registry);
        }
    }

    /** A prediction or label refused by the monitor and sent to the dead-letter topic. */
    public void deadLetter(DeadLetterReason reason) {
        StreamMetrics.deadLetters(registry, reason.code()).increment();
    }

    /** Entries in a label-join store of one task, as counted by its last expiry pass. */
    public void joinEntries(String store, String task, long entries) {
        gauge(
                "emotion_label_join_entries",
                "Entries kept by the label join, per store and task (bounded: see evictions)",
                Tags.of("store", store, "task", task),
                entries);
    }

    /** The label join had no room for an entry ({@code reason}: per_event_cap, store_full). */
    public void joinEvicted(String store, String reason) {
        Counter.builder("emotion_label_join_evictions")
                .description("Entries the label join could not keep, by store and reason")
                .tag("store", store)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** Erasure requests (one per event id) by what the label join held of the event. */
    public void erasure(ErasureOutcome outcome) {
        Counter.builder("emotion_erasures")
                .description("Erasure requests per event, by whether the label join held anything of it")
                .tag("outcome", outcome.code())
                .register(registry)
                .increment();
    }

    /** Labels by what became of them. */
    public void label(LabelOutcome outcome) {
        Counter.builder("emotion_labels")
                .description("Ground-truth labels by what became of them")
                .tag("outcome", outcome.code())
                .register(registry)
                .increment();
    }

    public void labelLag(long millis) {
        labelLag.record(Duration.ofMillis(Math.max(0, millis)));
    }

    public void unlabelledExpired(long count) {
        Counter.builder("emotion_predictions_unlabelled")
                .description("Predictions whose label never came within the horizon")
                .register(registry)
                .increment(count);
    }

    public void scored(Scope scope, String group, boolean correct, String predicted, long labelDelayMs) {
        Tags tags = tags(scope, group);
        Timer.builder("emotion_group_label_delay")
                .description("From event time to its label, per group (inline labels: 0)")
                .tags(tags)
                .register(registry)
                .record(Duration.ofMillis(Math.max(0, labelDelayMs)));
        Counter.builder("emotion_scored")
                .description("Predictions scored against a label")
                .tags(tags)
                .register(registry)
                .increment();
        Counter.builder("emotion_scored_predicted")
                .description("Scored predictions by predicted emotion (the mix per group)")
                .tags(tags.and("emotion", predicted))
                .register(registry)
                .increment();
        if (correct) {
            Counter.builder("emotion_scored_correct")
                    .description("Scored predictions that were right")
                    .tags(tags)
                    .register(registry)
                    .increment();
        }
    }

    /** Released fates of a group's predictions: labelled within the horizon, and not. */
    public void fates(Scope scope, String group, long labelled, long unlabelled) {
        Tags tags = tags(scope, group);
        Counter.builder("emotion_label_fates")
                .description("Predictions whose fate is known: labelled within the horizon or not")
                .tags(tags.and("fate", "labelled"))
                .register(registry)
                .increment(labelled);
        Counter.builder("emotion_label_fates")
                .description("Predictions whose fate is known: labelled within the horizon or not")
                .tags(tags.and("fate", "unlabelled"))
                .register(registry)
                .increment(unlabelled);
    }

    public void groupAccuracy(Scope scope, String group, String window, GroupAccuracy accuracy) {
        Tags tags = tags(scope, group).and("window", window);
        gauge("emotion_group_accuracy", "Latest windowed accuracy of a group", tags, accuracy.getAccuracy());
        gauge("emotion_group_accuracy_lower", "Lower 95% Wilson bound of it", tags, accuracy.getWilsonLow());
        gauge("emotion_group_accuracy_upper", "Upper 95% Wilson bound of it", tags, accuracy.getWilsonHigh());
        gauge(
                "emotion_group_accuracy_anytime_lower",
                "Lower bound of its anytime-valid confidence sequence",
                tags,
                accuracy.getAnytimeLow());
        gauge(
                "emotion_group_accuracy_anytime_upper",
                "Upper bound of its anytime-valid confidence sequence",
                tags,
                accuracy.getAnytimeHigh());
        if (accuracy.getLabelCoverage() != null) {
            gauge(
                    "emotion_group_label_coverage",
                    "Share of the group's predictions with a known fate that got a label",
                    tags,
                    accuracy.getLabelCoverage());
        }
        if (accuracy.getLabelFree() != null) {
            labelFree(tags, accuracy.getLabelFree());
        }
    }

    /** A group's label-free and prediction-powered estimates, the estimator's audit and the predicted mix's drift. */
    private void labelFree(Tags tags, LabelFreeEstimate estimate) {
        gauge(
                "emotion_group_estimated_accuracy",
                "Accuracy estimated from the probabilities (label_free) and corrected by the labels (prediction_powered)",
                tags.and("estimate", "label_free"),
                estimate.getEstimatedAccuracy());
        gauge(
                "emotion_group_estimated_accuracy",
                "Accuracy estimated from the probabilities (label_free) and corrected by the labels (prediction_powered)",
                tags.and("estimate", "prediction_powered"),
                estimate.getPredictionPowered() == null ? Double.NaN : estimate.getPredictionPowered());
        gauge(
                "emotion_group_estimated_accuracy_lower",
                "Lower bound of the prediction-powered estimate (anytime-valid)",
                tags,
                estimate.getPredictionPoweredLow());
        gauge(
                "emotion_group_estimated_accuracy_upper",
                "Upper bound of the prediction-powered estimate (anytime-valid)",
                tags,
                estimate.getPredictionPoweredHigh());
        gauge(
                "emotion_group_estimator_bias_lower",
                "The label-free estimate is below the accuracy by at least this (anytime-valid)",
                tags,
                estimate.getBiasLow());
        gauge(
                "emotion_group_estimator_bias_upper",
                "The label-free estimate is below the accuracy by at most this (anytime-valid)",
                tags,
                estimate.getBiasHigh());
        for (EstimatorState state : EstimatorState.values()) {
            gauge(
                    "emotion_group_estimator_state",
                    "Audit of the label-free estimate against the labels: 1 for the state it is in",
                    tags.and("state", state.name().toLowerCase(Locale.ROOT)),
                    estimate.getEstimator() == state ? 1 : 0);
        }
        gauge(
                "emotion_group_mix_drift_evidence_ratio",
                "E-value against 'predicted mix = the model's reference' over the threshold (DRIFTED at 1)",
                tags,
                estimate.getMixDriftEValue() == null
                        ? Double.NaN
                        : estimate.getMixDriftEValue() / estimate.getMixDriftThreshold());
        gauge(
                "emotion_group_mix_drifted",
                "1 once the group's predicted mix was shown to differ from the model's reference",
                tags,
                estimate.getMixDrift() == MixDrift.DRIFTED ? 1 : 0);
    }

    public void gap(Scope scope, String window, Double gap) {
        if (attributes.contains(scope.attribute())) {
            gauge(
                    "emotion_accuracy_gap",
                    "Latest max-min accuracy gap between sufficient groups (NaN: not computable)",
                    scopeTags(scope).and("window", window),
                    gap == null ? Double.NaN : gap);
        }
    }

    /**
     * An attribute's sequential verdict: one series per state (1 for the current one), and per rate the evidence as a
     * share of the threshold (UNFAIR at 1) and the bounds on the gap (FAIR when the upper is below the tolerance).
     */
    public void verdict(Scope scope, FairnessVerdict verdict) {
        if (!attributes.contains(scope.attribute())) {
            return;
        }
        Tags tags = scopeTags(scope);
        for (FairnessState state : FairnessState.values()) {
            gauge(
                    "emotion_fairness_state",
                    "Sequential verdict of an attribute: 1 for the state it is in",
                    tags.and("state", state.name().toLowerCase(Locale.ROOT)),
                    verdict.getState() == state ? 1 : 0);
        }
        for (RateVerdict rate : verdict.getRates()) {
            Tags rateTags = tags.and("rate", rate.getRate());
            gauge(
                    "emotion_fairness_evidence_ratio",
                    "E-value against 'all groups equal' over the threshold (UNFAIR at 1)",
                    rateTags,
                    rate.getEValue() / verdict.getEvidenceThreshold());
            gauge(
                    "emotion_fairness_gap_lower",
                    "The true gap between groups is at least this (anytime-valid)",
                    rateTags,
                    rate.getGapLow() == null ? Double.NaN : rate.getGapLow());
            gauge(
                    "emotion_fairness_gap_upper",
                    "The true gap between groups is at most this (FAIR below the tolerance)",
                    rateTags,
                    rate.getGapHigh() == null ? Double.NaN : rate.getGapHigh());
        }
        for (LabelParity parity : LabelParity.values()) {
            gauge(
                    "emotion_label_parity",
                    "Whether an attribute's groups are equally labelled: 1 for the state it is in",
                    tags.and("state", parity.name().toLowerCase(Locale.ROOT)),
                    verdict.getLabelParity() == parity ? 1 : 0);
        }
        gauge(
                "emotion_label_coverage_evidence_ratio",
                "E-value against 'all groups equally labelled' over the threshold",
                tags,
                verdict.getCoverageEValue() / verdict.getEvidenceThreshold());
    }

    /**
     * Champion against challenger for one attribute: the promotion rule's decision (1 for the current one) and the
     * bounds on the difference in accuracy, overall and per group.
     */
    void comparison(Comparison comparison, ChallengerComparison record) {
        if (!attributes.contains(comparison.attribute())) {
            return;
        }
        Tags tags = Tags.of(
                "model",
                comparison.modelName(),
                "champion_version",
                Integer.toString(comparison.championVersion()),
                "challenger_version",
                Integer.toString(comparison.challengerVersion()),
                "attribute",
                comparison.attribute());
        for (PromotionDecision decision : PromotionDecision.values()) {
            gauge(
                    "emotion_challenger_decision",
                    "Promotion rule for the challenger: 1 for the current decision",
                    tags.and("decision", decision.name().toLowerCase(Locale.ROOT)),
                    record.getDecision() == decision ? 1 : 0);
        }
        gauge(
                "emotion_challenger_difference_lower",
                "Challenger minus champion accuracy on the same events is at least this (anytime-valid)",
                tags.and("group", OVERALL),
                record.getOverall().getDifferenceLow());
        gauge(
                "emotion_challenger_difference_upper",
                "Challenger minus champion accuracy on the same events is at most this (anytime-valid)",
                tags.and("group", OVERALL),
                record.getOverall().getDifferenceHigh());
        record.getGroups().forEach((group, figures) -> {
            Tags groupTags = tags.and("group", bounded(comparison.attribute(), group));
            gauge(
                    "emotion_challenger_difference_lower",
                    "Challenger minus champion accuracy on the same events is at least this (anytime-valid)",
                    groupTags,
                    figures.getDifferenceLow());
            gauge(
                    "emotion_challenger_difference_upper",
                    "Challenger minus champion accuracy on the same events is at most this (anytime-valid)",
                    groupTags,
                    figures.getDifferenceHigh());
        });
    }

    public void alert(String status) {
        Counter.builder("emotion_bias_alerts")
                .description("Bias alerts raised and resolved")
                .tag("status", status)
                .register(registry)
                .increment();
    }

    private void gauge(String name, String description, Tags tags, double value) {
        gauges.computeIfAbsent(new GaugeKey(name, tags), key -> {
                    AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
                    Gauge.builder(name, holder, AtomicReference::get)
                            .description(description)
                            .tags(tags)
                            .register(registry);
                    return holder;
                })
                .set(value);
    }

    private Tags tags(Scope scope, String group) {
        return scopeTags(scope).and("group", bounded(scope.attribute(), group));
    }

    private static Tags scopeTags(Scope scope) {
        return Tags.of(
                "model",
                scope.modelName(),
                "model_version",
                Integer.toString(scope.modelVersion()),
                "role",
                scope.role().name().toLowerCase(Locale.ROOT),
                "attribute",
                scope.attribute());
    }

    /** The value itself while fewer than maxGroups are known for the attribute, else "other". */
    String bounded(String attribute, String value) {
        return groupTags.bounded(attribute, value);
    }
}
