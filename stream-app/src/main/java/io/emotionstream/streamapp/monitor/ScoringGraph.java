package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.Comparison;
import io.emotionstream.fairness.GroupFates;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.fairness.PairedGroup;
import io.emotionstream.fairness.PredictionTally;
import io.emotionstream.fairness.ScopeOutcome;
import io.emotionstream.fairness.ScoredGroup;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.GroupAttributes;
import io.emotionstream.schemas.events.EmotionPrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The monitor's second sub-graph, scoring: each output of the label join becomes one outcome per allow-listed
 * attribute ({@link GroupAttributes}), repartitioned by what it is aggregated under: a scope (model, version, role,
 * attribute) for scored labels, fate buckets and prediction tallies; a comparison (model, champion and challenger
 * versions, attribute) for labels both roles predicted.
 */
final class ScoringGraph {
    private ScoringGraph() {}

    static KStream<String, PairedGroup> byComparison(LabelJoinGraph.Outputs joined, MonitorSettings settings) {
        return joined.paired()
                .flatMap(
                        (id, out) -> fanOutPair(((JoinOutput.Paired) out).pair(), settings),
                        Named.as("pair-by-attribute"))
                .repartition(Repartitioned.with(Serdes.String(), MonitorSerdes.pairedGroup())
                        .withName("paired-by-comparison"));
    }

    static KStream<String, ScopeOutcome> byScope(
            LabelJoinGraph.Outputs joined, MonitorSettings settings, MonitorMetrics metrics) {
        KStream<String, ScopeOutcome> fates =
                joined.fates().map((id, out) -> fates((JoinOutput.Fates) out, metrics), Named.as("fates-by-scope"));
        return joined.scored()
                .flatMap(
                        (id, out) -> fanOut((JoinOutput.Scored) out, settings, metrics),
                        Named.as("fan-out-by-attribute"))
                .merge(fates, Named.as("scored-and-fates"))
                .merge(
                        joined.predicted()
                                .map(
                                        (id, out) ->
                                                KeyValue.pair(((JoinOutput.Predicted) out).scopeKey(), (ScopeOutcome)
                                                        ((JoinOutput.Predicted) out).predictions()),
                                        Named.as("predicted-by-scope")),
                        Named.as("scored-fates-and-predicted"))
                .repartition(Repartitioned.with(Serdes.String(), MonitorSerdes.scopeOutcome())
                        .withName("scored-by-scope"));
    }

    /** One record per allow-listed attribute the prediction carries, keyed by scope. */
    private static List<KeyValue<String, ScopeOutcome>> fanOut(
            JoinOutput.Scored scored, MonitorSettings settings, MonitorMetrics metrics) {
        EmotionPrediction p = scored.prediction();
        List<KeyValue<String, ScopeOutcome>> out = new ArrayList<>();
        for (String attribute : settings.attributes()) {
            Optional<String> value = GroupAttributes.value(attribute, p);
            if (value.isEmpty()) {
                continue;
            }
            String group = value.get();
            Scope scope = new Scope(p.getModelName(), p.getModelVersion(), p.getRole(), attribute);
            metrics.scored(
                    scope,
                    group,
                    scored.correct(),
                    p.getPredicted().name().toLowerCase(Locale.ROOT),
                    scored.labelDelayMs());
            out.add(KeyValue.pair(
                    scope.encode(),
                    new ScoredGroup(
                            group,
                            scored.truth(),
                            Emotion.valueOf(p.getPredicted().name()),
                            p.getEventTime().toEpochMilli(),
                            Math.max(0, scored.labelDelayMs()),
                            PredictionTally.confidence(p))));
        }
        return out;
    }

    /** One record per allow-listed attribute the paired event carries, keyed by comparison. */
    private static List<KeyValue<String, PairedGroup>> fanOutPair(ChallengerPairs.Pair pair, MonitorSettings settings) {
        List<KeyValue<String, PairedGroup>> out = new ArrayList<>();
        for (String attribute : settings.attributes()) {
            GroupAttributes.value(attribute, pair.latest())
                    .ifPresent(group -> out.add(KeyValue.pair(
                            new Comparison(
                                            pair.latest().getModelName(),
                                            pair.championVersion(),
                                            pair.challengerVersion(),
                                            attribute)
                                    .encode(),
                            new PairedGroup(group, pair.truth(), pair.championRight(), pair.challengerRight()))));
        }
        return out;
    }

    /** A released bucket of fates, already keyed by scope. */
    private static KeyValue<String, ScopeOutcome> fates(JoinOutput.Fates fates, MonitorMetrics metrics) {
        LabelFates.Released released = fates.released();
        Scope scope = Scope.decode(released.scopeKey());
        released.labelledAndNot().forEach((group, counts) -> metrics.fates(scope, group, counts[0], counts[1]));
        return KeyValue.pair(released.scopeKey(), new GroupFates(released.bucketStart(), released.labelledAndNot()));
    }
}
