package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.registry.TopicCodecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's fourth sub-graph, verdicts and alerts: each {@link ScopeReport} becomes its records on the
 * bias-metrics topic (every group's figures, the gap, and for the cumulative window the verdict), and each verdict
 * raises or clears its alert ({@link AlertProcessor}) on the bias-alerts topic.
 */
final class VerdictGraph {
    private VerdictGraph() {}

    static void publish(StreamsBuilder builder, KStream<String, ScopeReport> reports, MonitorWiring wiring) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AlertProcessor.STATE), Serdes.String(), AlertProcessor.State.serde()));
        MonitorSettings settings = wiring.settings();
        FairnessRules fairness = settings.fairness(); // once per topology, not per report
        MonitorMetrics metrics = wiring.metrics();
        reports.flatMap(
                        (scope, report) -> metricRecords(report, settings, fairness, metrics, wiring.codecs()),
                        Named.as("bias-metric-records"))
                .to(
                        wiring.topics().biasMetrics(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("bias-metrics-sink"));

        reports.filter((scope, report) -> report.verdict().isPresent(), Named.as("audited"))
                .map(
                        (scope, report) -> KeyValue.pair(
                                alertKey(report),
                                new AlertProcessor.Input(report.verdict().get(), report.window())),
                        Named.as("verdict-by-alert-key"))
                .process(() -> new AlertProcessor(metrics), Named.as("bias-alerts"), AlertProcessor.STATE)
                .to(
                        wiring.topics().biasAlerts(),
                        Produced.with(
                                        Serdes.String(),
                                        wiring.codecs().biasAlerts().serde())
                                .withName("bias-alerts-sink"));
    }

    /**
     * Every group's figures and the scope's gap, keyed for compaction. All groups, not only the one just updated:
     * the store's cache coalesces updates within a commit interval, so only the last change would otherwise show.
     * At most max.groups records per update. The codecs are built once per topology: a codec computes its schemas'
     * fingerprints when it is made, which per record had cost 2.5% of the app's CPU (docs/benchmarks.md).
     */
    private static List<KeyValue<String, byte[]>> metricRecords(
            ScopeReport report,
            MonitorSettings settings,
            FairnessRules fairness,
            MonitorMetrics metrics,
            TopicCodecs codecs) {
        String window = report.window().getKind().name().toLowerCase(Locale.ROOT);
        long windowStart = report.window().getStart().toEpochMilli();
        List<KeyValue<String, byte[]>> out = new ArrayList<>();
        report.stats().groups().forEach((group, counts) -> {
            GroupAccuracy accuracy = BiasReports.groupAccuracy(
                    report.scope(),
                    report.window(),
                    group,
                    counts,
                    settings.minSamples(),
                    settings.anytime(),
                    report.stats().audit().map(audited -> report.stats().coverage(group)));
            report.stats().labelFree(group).ifPresent(stats -> {
                accuracy.setPredictions(stats.predictions());
                accuracy.setLabelFree(
                        report.stats().labelFreeEstimate(group, fairness).orElse(null));
            });
            metrics.groupAccuracy(report.scope(), group, window, accuracy);
            out.add(KeyValue.pair(
                    BiasKeys.accuracy(report.scope().subject(), window, windowStart, group),
                    codecs.groupAccuracy().encode(accuracy)));
        });
        AccuracyGap gap = BiasReports.gap(
                report.scope(), report.window(), report.stats().groups(), settings.minSamples(), settings.alpha());
        metrics.gap(report.scope(), window, gap.getGap());
        out.add(KeyValue.pair(
                BiasKeys.gap(report.scope().subject(), window, windowStart),
                codecs.gaps().encode(gap)));
        report.verdict().ifPresent(verdict -> {
            metrics.verdict(report.scope(), verdict);
            out.add(KeyValue.pair(
                    BiasKeys.verdict(report.scope().subject()),
                    codecs.verdicts().encode(verdict)));
        });
        return out;
    }

    private static String alertKey(ScopeReport report) {
        return BiasKeys.alert(
                report.scope().subject(), report.window().getKind().name().toLowerCase(Locale.ROOT));
    }
}
