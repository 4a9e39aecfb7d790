package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.GroupAttributes;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.monitor.MonitorWindow;
import io.emotionstream.schemas.registry.AvroCodec;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.errors.ErrorHandling;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The bias monitor, as a pure factory:
 * <pre>
 * predictions-source (champion + shadow) --+
 *                                          +-> label-join [awaiting-labels, held-labels, label-fates] -+-> rejected -> dead letters
 * labels-source ---------------------------+     [prediction-tallies, half-pairs]                      +-> fates by scope
 *                                                                                                      +-> predicted by scope
 *                                                                                                      +-> paired (both roles)
 *                                                                                                      +-> scored -> fan-out-by-attribute
 *   scored, fates, predicted -> scored-by-scope (repartition: model, version, role, attribute)
 *   -> per window kind: aggregate [scope-stats-*] -> reports -> bias-metrics-sink
 *   -> cumulative: aggregate with the fairness audit [scope-stats-cumulative] -> reports and verdicts -> bias-metrics-sink
 *                                                 -> verdicts -> bias-alerts [bias-alert-state] -> bias-alerts-sink
 *   paired -> pair-by-attribute -> paired-by-comparison (repartition: model, champion and challenger versions, attribute)
 *   -> aggregate [comparison-stats] -> comparison records -> comparison-sink (bias-metrics)
 * </pre>
 */
public final class BiasMonitorTopology {
    private BiasMonitorTopology() {
    }

    /**
     * What one aggregate update is about: a scope, a window, its counts per group, and for the cumulative window the
     * sequential verdict (computed once here, read by both the metrics records and the alerts).
     */
    private record ScopeReport(Scope scope, MonitorWindow window, ScopeStats stats, Optional<FairnessVerdict> verdict) {
    }

    /** {@code limits}: what a prediction read from the topics may carry (the same bounds the classifier applies). */
    public static Topology build(Topics topics, MonitorSettings settings, EventLimits limits, MonitorMetrics metrics,
                                 ErrorHandling errors) {
        return build(topics, TopicCodecs.singleObject(topics), settings, limits, metrics, errors);
    }

    /** @param codecs how labels and predictions are read and the metrics and alerts written (wire format, registry) */
    public static Topology build(Topics topics, TopicCodecs codecs, MonitorSettings settings, EventLimits limits,
                                 MonitorMetrics metrics, ErrorHandling errors) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoinProcessor.AWAITING),
                Serdes.String(), JoinState.Waiting.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoinProcessor.HELD),
                Serdes.String(), JoinState.HeldLabel.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelFates.STORE),
                Serdes.String(), LabelFates.Counts.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PredictionTallies.STORE),
                Serdes.String(), PredictionTallies.Tallies.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ChallengerPairs.STORE),
                Serdes.String(), ChallengerPairs.Half.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertProcessor.STATE),
                Serdes.String(), AlertProcessor.State.serde()));

        KStream<String, JoinInput> predictions = builder.stream(List.of(topics.predictions(), topics.shadowPredictions()),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("predictions-source"))
                .mapValues(b -> (JoinInput) new JoinInput.Prediction(b), Named.as("as-prediction"));
        KStream<String, JoinInput> labels = builder.stream(topics.labels(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("labels-source"))
                .mapValues(b -> (JoinInput) new JoinInput.Label(b), Named.as("as-label"));
        Map<String, KStream<String, JoinOutput>> joined = predictions.merge(labels, Named.as("predictions-and-labels"))
                .process(() -> new LabelJoinProcessor(metrics, settings, limits, errors, codecs), Named.as("label-join"),
                        LabelJoinProcessor.AWAITING, LabelJoinProcessor.HELD, LabelFates.STORE, PredictionTallies.STORE, ChallengerPairs.STORE)
                .split(Named.as("join-output-"))
                .branch((id, out) -> out instanceof JoinOutput.Rejected, Branched.as("rejected"))
                .branch((id, out) -> out instanceof JoinOutput.Fates, Branched.as("fates"))
                .branch((id, out) -> out instanceof JoinOutput.Predicted, Branched.as("predicted"))
                .branch((id, out) -> out instanceof JoinOutput.Paired, Branched.as("paired"))
                .defaultBranch(Branched.as("scored"));

        joined.get("join-output-rejected")
                .mapValues(out -> ((JoinOutput.Rejected) out).bytes(), Named.as("rejected-bytes"))
                .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("rejected-sink"));

        FairnessRules fairness = settings.fairness();
        AvroCodec<ChallengerComparison> comparisons = codecs.comparisons();
        joined.get("join-output-paired")
                .flatMap((id, out) -> fanOutPair(((JoinOutput.Paired) out).pair(), settings), Named.as("pair-by-attribute"))
                .repartition(Repartitioned.with(Serdes.String(), PairedGroup.serde()).withName("paired-by-comparison"))
                .groupByKey(Grouped.with("comparison", Serdes.String(), PairedGroup.serde()))
                .aggregate(ComparisonStats::new, (key, pair, stats) -> stats.add(pair, fairness), Named.as("aggregate-comparison"),
                        Materialized.<String, ComparisonStats, KeyValueStore<Bytes, byte[]>>as("comparison-stats")
                                .withKeySerde(Serdes.String()).withValueSerde(ComparisonStats.serde()))
                .toStream(Named.as("changes-comparison"))
                .map((key, stats) -> comparisonRecord(Comparison.decode(key), stats, fairness, comparisons, metrics), Named.as("comparison-records"))
                .to(topics.biasMetrics(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("comparison-sink"));

        KStream<String, ScopeOutcome> fates = joined.get("join-output-fates")
                .map((id, out) -> fates((JoinOutput.Fates) out, metrics), Named.as("fates-by-scope"));
        KStream<String, ScopeOutcome> outcomes = joined.get("join-output-scored")
                .flatMap((id, out) -> fanOut((JoinOutput.Scored) out, settings, metrics), Named.as("fan-out-by-attribute"))
                .merge(fates, Named.as("scored-and-fates"))
                .merge(joined.get("join-output-predicted").map((id, out) -> KeyValue.pair(((JoinOutput.Predicted) out).scopeKey(),
                        (ScopeOutcome) ((JoinOutput.Predicted) out).predictions()), Named.as("predicted-by-scope")),
                        Named.as("scored-fates-and-predicted"))
                .repartition(Repartitioned.with(Serdes.String(), ScopeOutcome.serde()).withName("scored-by-scope"));
        // fates are known a horizon after their predictions, long past any window's grace, and the predictions' tallies
        // feed the label-free estimates of the cumulative window: both cumulative only
        KGroupedStream<String, ScopeOutcome> labelledByScope = outcomes
                .filter((scope, outcome) -> outcome instanceof ScoredGroup, Named.as("labelled"))
                .groupByKey(Grouped.with("labelled-scope", Serdes.String(), ScopeOutcome.serde()));
        KGroupedStream<String, ScopeOutcome> byScope = outcomes.groupByKey(Grouped.with("scope", Serdes.String(), ScopeOutcome.serde()));

        List<KStream<String, ScopeReport>> reports = new ArrayList<>();
        for (MonitorSettings.WindowSpec spec : settings.windows()) {
            String name = spec.kind().name().toLowerCase(Locale.ROOT);
            reports.add(labelledByScope
                    .windowedBy(TimeWindows.ofSizeAndGrace(spec.size(), settings.grace()).advanceBy(spec.advance()))
                    .aggregate(ScopeStats::new, (scope, s, stats) -> stats.add(s, settings.maxGroups()),
                            Named.as("aggregate-" + name),
                            Materialized.<String, ScopeStats, WindowStore<Bytes, byte[]>>as("scope-stats-" + name)
                                    .withKeySerde(Serdes.String()).withValueSerde(ScopeStats.serde()))
                    .toStream(Named.as("changes-" + name))
                    .map((window, stats) -> KeyValue.pair(window.key(), new ScopeReport(Scope.decode(window.key()),
                            new MonitorWindow(spec.kind(), spec.size().toMillis(), Instant.ofEpochMilli(window.window().start()),
                                    Instant.ofEpochMilli(window.window().end())), stats, Optional.empty())),
                            Named.as("report-" + name)));
        }
        reports.add(byScope
                .aggregate(ScopeStats::new, (scope, s, stats) -> stats.addAudited(s, fairness), Named.as("aggregate-cumulative"),
                        Materialized.<String, ScopeStats, KeyValueStore<Bytes, byte[]>>as("scope-stats-cumulative")
                                .withKeySerde(Serdes.String()).withValueSerde(ScopeStats.serde()))
                .toStream(Named.as("changes-cumulative"))
                .mapValues((key, stats) -> {
                    Scope scope = Scope.decode(key);
                    return new ScopeReport(scope, BiasReports.cumulative(stats.latestEventTime()), stats, stats.audit()
                            .map(audit -> BiasReports.verdict(scope, audit.verdict(fairness), fairness)));
                }, Named.as("report-cumulative")));

        KStream<String, ScopeReport> all = reports.get(0);
        for (int i = 1; i < reports.size(); i++) {
            all = all.merge(reports.get(i), Named.as("reports-" + i));
        }
        all.flatMap((scope, report) -> metricRecords(report, settings, metrics, codecs), Named.as("bias-metric-records"))
                .to(topics.biasMetrics(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("bias-metrics-sink"));

        all.filter((scope, report) -> report.verdict().isPresent(), Named.as("audited"))
                .map((scope, report) -> KeyValue.pair(alertKey(report), new AlertProcessor.Input(report.verdict().get(),
                        report.window())), Named.as("verdict-by-alert-key"))
                .process(() -> new AlertProcessor(metrics), Named.as("bias-alerts"), AlertProcessor.STATE)
                .to(topics.biasAlerts(), Produced.with(Serdes.String(), codecs.biasAlerts().serde()).withName("bias-alerts-sink"));
        return builder.build();
    }

    /** One record per allow-listed attribute the prediction carries ({@link GroupAttributes}), keyed by scope. */
    private static List<KeyValue<String, ScopeOutcome>> fanOut(JoinOutput.Scored scored, MonitorSettings settings,
                                                               MonitorMetrics metrics) {
        EmotionPrediction p = scored.prediction();
        List<KeyValue<String, ScopeOutcome>> out = new ArrayList<>();
        for (String attribute : settings.attributes()) {
            Optional<String> value = GroupAttributes.value(attribute, p);
            if (value.isEmpty()) {
                continue;
            }
            String group = value.get();
            Scope scope = new Scope(p.getModelName(), p.getModelVersion(), p.getRole(), attribute);
            metrics.scored(scope, group, scored.correct(), p.getPredicted().name().toLowerCase(Locale.ROOT), scored.labelDelayMs());
            out.add(KeyValue.pair(scope.encode(), new ScoredGroup(group, scored.truth(), Emotion.valueOf(p.getPredicted().name()),
                    p.getEventTime().toEpochMilli(), Math.max(0, scored.labelDelayMs()), PredictionTally.confidence(p))));
        }
        return out;
    }

    /** One record per allow-listed attribute the paired event carries, keyed by comparison. */
    private static List<KeyValue<String, PairedGroup>> fanOutPair(ChallengerPairs.Pair pair, MonitorSettings settings) {
        List<KeyValue<String, PairedGroup>> out = new ArrayList<>();
        for (String attribute : settings.attributes()) {
            GroupAttributes.value(attribute, pair.latest()).ifPresent(group -> out.add(KeyValue.pair(
                    new Comparison(pair.latest().getModelName(), pair.championVersion(), pair.challengerVersion(), attribute).encode(),
                    new PairedGroup(group, pair.truth(), pair.championRight(), pair.challengerRight()))));
        }
        return out;
    }

    private static KeyValue<String, byte[]> comparisonRecord(Comparison comparison, ComparisonStats stats, FairnessRules rules,
                                                             AvroCodec<ChallengerComparison> serde,
                                                             MonitorMetrics metrics) {
        ChallengerComparison record = stats.report(comparison, rules);
        metrics.comparison(comparison, record);
        return KeyValue.pair(comparison.key(), serde.encode(record));
    }

    /** A released bucket of fates, already keyed by scope. */
    private static KeyValue<String, ScopeOutcome> fates(JoinOutput.Fates fates, MonitorMetrics metrics) {
        LabelFates.Released released = fates.released();
        Scope scope = Scope.decode(released.scopeKey());
        released.labelledAndNot().forEach((group, counts) -> metrics.fates(scope, group, counts[0], counts[1]));
        return KeyValue.pair(released.scopeKey(), new GroupFates(released.bucketStart(), released.labelledAndNot()));
    }

    /**
     * Every group's figures and the scope's gap, keyed for compaction. All groups, not only the one just updated:
     * the store's cache coalesces updates within a commit interval, so only the last change would otherwise show.
     * At most max.groups records per update. The codecs are built once per topology: a codec computes its schemas'
     * fingerprints when it is made, which per record had cost 2.5% of the app's CPU (docs/benchmarks.md section 13).
     */
    private static List<KeyValue<String, byte[]>> metricRecords(ScopeReport report, MonitorSettings settings, MonitorMetrics metrics,
                                                                TopicCodecs codecs) {
        String window = report.window().getKind().name().toLowerCase(Locale.ROOT);
        long windowStart = report.window().getStart().toEpochMilli();
        List<KeyValue<String, byte[]>> out = new ArrayList<>();
        FairnessRules fairness = settings.fairness();
        report.stats().groups().forEach((group, counts) -> {
            GroupAccuracy accuracy = BiasReports.groupAccuracy(report.scope(), report.window(), group, counts,
                    settings.minSamples(), settings.anytime(), report.stats().audit().map(audited -> report.stats().coverage(group)));
            report.stats().labelFree(group).ifPresent(stats -> {
                accuracy.setPredictions(stats.tally.count);
                accuracy.setLabelFree(report.stats().labelFreeEstimate(group, fairness).orElse(null));
            });
            metrics.groupAccuracy(report.scope(), group, window, accuracy);
            out.add(KeyValue.pair(BiasKeys.accuracy(report.scope().subject(), window, windowStart, group),
                    codecs.groupAccuracy().encode(accuracy)));
        });
        AccuracyGap gap = gap(report, settings);
        metrics.gap(report.scope(), window, gap.getGap());
        out.add(KeyValue.pair(BiasKeys.gap(report.scope().subject(), window, windowStart), codecs.gaps().encode(gap)));
        report.verdict().ifPresent(verdict -> {
            metrics.verdict(report.scope(), verdict);
            out.add(KeyValue.pair(BiasKeys.verdict(report.scope().subject()), codecs.verdicts().encode(verdict)));
        });
        return out;
    }

    private static AccuracyGap gap(ScopeReport report, MonitorSettings settings) {
        return BiasReports.gap(report.scope(), report.window(), report.stats().groups(), settings.minSamples(), settings.alpha());
    }

    private static String alertKey(ScopeReport report) {
        return BiasKeys.alert(report.scope().subject(), report.window().getKind().name().toLowerCase(Locale.ROOT));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
