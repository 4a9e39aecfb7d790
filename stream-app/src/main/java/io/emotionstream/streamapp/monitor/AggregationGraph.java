package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.Comparison;
import io.emotionstream.fairness.ComparisonStats;
import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.fairness.PairedGroup;
import io.emotionstream.fairness.ScopeOutcome;
import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.fairness.ScoredGroup;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.MonitorWindow;
import io.emotionstream.schemas.registry.AvroCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The monitor's third sub-graph, aggregation: the scored outcomes of a scope summed per window kind
 * ({@code scope-stats-*}) and cumulatively with the fairness audit ({@code scope-stats-cumulative}), each update a
 * {@link ScopeReport}; the paired outcomes of a comparison summed into the champion-vs-challenger figures, written
 * to the bias-metrics topic as they change.
 */
final class AggregationGraph {
    private AggregationGraph() {}

    static void comparisons(KStream<String, PairedGroup> byComparison, MonitorWiring wiring) {
        FairnessRules fairness = wiring.settings().fairness();
        AvroCodec<ChallengerComparison> codec = wiring.codecs().comparisons();
        byComparison
                .groupByKey(Grouped.with("comparison", Serdes.String(), MonitorSerdes.pairedGroup()))
                .aggregate(
                        ComparisonStats::new,
                        (key, pair, stats) -> stats.add(pair, fairness),
                        Named.as("aggregate-comparison"),
                        Materialized.<String, ComparisonStats, KeyValueStore<Bytes, byte[]>>as("comparison-stats")
                                .withKeySerde(Serdes.String())
                                .withValueSerde(MonitorSerdes.comparisonStats()))
                .toStream(Named.as("changes-comparison"))
                .map(
                        (key, stats) ->
                                comparisonRecord(Comparison.decode(key), stats, fairness, codec, wiring.metrics()),
                        Named.as("comparison-records"))
                .to(
                        wiring.topics().biasMetrics(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("comparison-sink"));
    }

    /** Every window kind's reports and the cumulative one's, merged. */
    static KStream<String, ScopeReport> reports(KStream<String, ScopeOutcome> byScope, MonitorSettings settings) {
        // fates are known a horizon after their predictions, long past any window's grace, and the predictions' tallies
        // feed the label-free estimates of the cumulative window: both cumulative only
        KGroupedStream<String, ScopeOutcome> labelled = byScope.filter(
                        (scope, outcome) -> outcome instanceof ScoredGroup, Named.as("labelled"))
                .groupByKey(Grouped.with("labelled-scope", Serdes.String(), MonitorSerdes.scopeOutcome()));
        KGroupedStream<String, ScopeOutcome> all =
                byScope.groupByKey(Grouped.with("scope", Serdes.String(), MonitorSerdes.scopeOutcome()));

        List<KStream<String, ScopeReport>> reports = new ArrayList<>();
        for (MonitorSettings.WindowSpec spec : settings.windows()) {
            reports.add(windowed(labelled, spec, settings));
        }
        reports.add(cumulative(all, settings.fairness()));
        KStream<String, ScopeReport> merged = reports.get(0);
        for (int i = 1; i < reports.size(); i++) {
            merged = merged.merge(reports.get(i), Named.as("reports-" + i));
        }
        return merged;
    }

    private static KStream<String, ScopeReport> windowed(
            KGroupedStream<String, ScopeOutcome> labelled, MonitorSettings.WindowSpec spec, MonitorSettings settings) {
        String name = spec.kind().name().toLowerCase(Locale.ROOT);
        return labelled.windowedBy(TimeWindows.ofSizeAndGrace(spec.size(), settings.grace())
                        .advanceBy(spec.advance()))
                .aggregate(
                        ScopeStats::new,
                        (scope, s, stats) -> stats.add(s, settings.maxGroups()),
                        Named.as("aggregate-" + name),
                        Materialized.<String, ScopeStats, WindowStore<Bytes, byte[]>>as("scope-stats-" + name)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(MonitorSerdes.scopeStats()))
                .toStream(Named.as("changes-" + name))
                .map(
                        (window, stats) -> KeyValue.pair(
                                window.key(),
                                new ScopeReport(
                                        Scope.decode(window.key()),
                                        new MonitorWindow(
                                                spec.kind(),
                                                spec.size().toMillis(),
                                                Instant.ofEpochMilli(
                                                        window.window().start()),
                                                Instant.ofEpochMilli(
                                                        window.window().end())),
                                        stats,
                                        Optional.empty())),
                        Named.as("report-" + name));
    }

    private static KStream<String, ScopeReport> cumulative(
            KGroupedStream<String, ScopeOutcome> all, FairnessRules fairness) {
        return all.aggregate(
                        ScopeStats::new,
                        (scope, s, stats) -> stats.addAudited(s, fairness),
                        Named.as("aggregate-cumulative"),
                        Materialized.<String, ScopeStats, KeyValueStore<Bytes, byte[]>>as("scope-stats-cumulative")
                                .withKeySerde(Serdes.String())
                                .withValueSerde(MonitorSerdes.scopeStats()))
                .toStream(Named.as("changes-cumulative"))
                .mapValues(
                        (key, stats) -> {
                            Scope scope = Scope.decode(key);
                            return new ScopeReport(
                                    scope,
                                    BiasReports.cumulative(stats.latestEventTime()),
                                    stats,
                                    stats.audit()
                                            .map(audit ->
                                                    BiasReports.verdict(scope, audit.verdict(fairness), fairness)));
                        },
                        Named.as("report-cumulative"));
    }

    private static KeyValue<String, byte[]> comparisonRecord(
            Comparison comparison,
            ComparisonStats stats,
            FairnessRules rules,
            AvroCodec<ChallengerComparison> codec,
            MonitorMetrics metrics) {
        ChallengerComparison record = stats.report(comparison, rules);
        metrics.comparison(comparison, record);
        return KeyValue.pair(comparison.key(), codec.encode(record));
    }
}
