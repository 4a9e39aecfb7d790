package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.fairness.ScopeOutcome;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.errors.ErrorHandling;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The bias monitor, as a pure factory: the map of its four sub-graphs, each built by a class of its own.
 * <pre>
 * 1 label join        monitor feed (champion + shadow) and labels -> label-join [awaiting-labels, held-labels,
 *   LabelJoinGraph    label-fates, prediction-tallies, half-pairs] -> rejected -> dead letters
 *                                                                 -> fates, predicted, paired, scored
 * 2 scoring           scored, fates, predicted -> one per attribute -> scored-by-scope
 *   ScoringGraph      (repartition: model, version, role, attribute)
 *                     paired -> one per attribute -> paired-by-comparison
 *                     (repartition: model, champion and challenger versions, attribute)
 * 3 aggregation       scored-by-scope -> per window kind [scope-stats-*] and cumulative, with the fairness audit
 *   AggregationGraph  [scope-stats-cumulative] -> reports
 *                     paired-by-comparison -> [comparison-stats] -> comparison records -> comparison-sink (bias-metrics)
 * 4 verdicts, alerts  reports -> figures, gaps and verdicts -> bias-metrics-sink
 *   VerdictGraph      verdicts -> bias-alerts [bias-alert-state] -> bias-alerts-sink
 * </pre>
 */
public final class BiasMonitorTopology {
    /** The stores that hold single events by event id (and nothing else does): what an erasure deletes. */
    public static final List<String> PER_EVENT_STORES =
            List.of(LabelJoinProcessor.AWAITING, LabelJoinProcessor.HELD, ChallengerPairs.STORE);

    private BiasMonitorTopology() {}

    /** The monitor's own application id (its consumer group and the prefix of its internal topics). */
    public static String applicationId(String appApplicationId) {
        return appApplicationId + "-monitor";
    }

    /** {@code limits}: what a prediction read from the topics may carry (the same bounds the classifier applies). */
    public static Topology build(
            Topics topics, MonitorSettings settings, EventLimits limits, MonitorMetrics metrics, ErrorHandling errors) {
        return build(topics, TopicCodecs.singleObject(topics), settings, limits, metrics, errors);
    }

    /** @param codecs how labels and predictions are read and the metrics and alerts written (wire format, registry) */
    public static Topology build(
            Topics topics,
            TopicCodecs codecs,
            MonitorSettings settings,
            EventLimits limits,
            MonitorMetrics metrics,
            ErrorHandling errors) {
        MonitorWiring wiring = new MonitorWiring(topics, codecs, settings, limits, metrics, errors);
        StreamsBuilder builder = new StreamsBuilder();
        LabelJoinGraph.Outputs joined = LabelJoinGraph.build(builder, wiring);
        AggregationGraph.comparisons(ScoringGraph.byComparison(joined, settings), wiring);
        KStream<String, ScopeOutcome> byScope = ScoringGraph.byScope(joined, settings, metrics);
        VerdictGraph.publish(builder, AggregationGraph.reports(byScope, settings), wiring);
        return builder.build();
    }
}
