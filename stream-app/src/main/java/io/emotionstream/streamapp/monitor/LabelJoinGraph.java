package io.emotionstream.streamapp.monitor;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's first sub-graph: predictions (champion and shadow, from the classifier's feed to the monitor, which
 * alone carries their groups) and labels meet in the label join
 * ({@link LabelJoinProcessor} and its stores); what it refuses goes to the dead letters, the rest leaves by kind.
 */
final class LabelJoinGraph {
    private LabelJoinGraph() {}

    /** The join's outputs by kind: fate buckets, prediction tallies, labels both roles predicted, scored labels. */
    record Outputs(
            KStream<String, JoinOutput> fates,
            KStream<String, JoinOutput> predicted,
            KStream<String, JoinOutput> paired,
            KStream<String, JoinOutput> scored) {}

    static Outputs build(StreamsBuilder builder, MonitorWiring wiring) {
        addStores(builder);
        KStream<String, JoinInput> predictions = builder.stream(
                        wiring.topics().monitorFeed(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("predictions-source"))
                .mapValues(b -> (JoinInput) new JoinInput.Prediction(b), Named.as("as-prediction"));
        KStream<String, JoinInput> labels = builder.stream(
                        wiring.topics().labels(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("labels-source"))
                .mapValues(b -> (JoinInput) new JoinInput.Label(b), Named.as("as-label"));
        KStream<String, JoinInput> erasures = builder.stream(
                        wiring.topics().erasures(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("erasures-source"))
                .mapValues(b -> (JoinInput) new JoinInput.Erasure(b), Named.as("as-erasure"));
        Map<String, KStream<String, JoinOutput>> joined = predictions
                .merge(labels, Named.as("predictions-and-labels"))
                .merge(erasures, Named.as("and-erasures"))
                .process(
                        () -> new LabelJoinProcessor(
                                wiring.metrics(), wiring.settings(), wiring.limits(), wiring.errors(), wiring.codecs()),
                        Named.as("label-join"),
                        LabelJoinProcessor.AWAITING,
                        LabelJoinProcessor.HELD,
                        LabelFates.STORE,
                        PredictionTallies.STORE,
                        ChallengerPairs.STORE)
                .split(Named.as("join-output-"))
                .branch((id, out) -> out instanceof JoinOutput.Rejected, Branched.as("rejected"))
                .branch((id, out) -> out instanceof JoinOutput.Fates, Branched.as("fates"))
                .branch((id, out) -> out instanceof JoinOutput.Predicted, Branched.as("predicted"))
                .branch((id, out) -> out instanceof JoinOutput.Paired, Branched.as("paired"))
                .defaultBranch(Branched.as("scored"));

        joined.get("join-output-rejected")
                .mapValues(out -> ((JoinOutput.Rejected) out).bytes(), Named.as("rejected-bytes"))
                .to(
                        wiring.topics().deadLetters(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("rejected-sink"));
        return new Outputs(
                joined.get("join-output-fates"),
                joined.get("join-output-predicted"),
                joined.get("join-output-paired"),
                joined.get("join-output-scored"));
    }

    /**
     * The stores that hold single events (predictions with their groups, labels, half pairs) by event id: their
     * changelogs roll and compact within minutes, so an event deleted from them (its label came, it expired, it was
     * erased) leaves the log soon after its tombstone, not after the broker's default week.
     */
    static final Map<String, String> PER_EVENT_CHANGELOG = Map.of(
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()),
            TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                    Long.toString(Duration.ofMinutes(10).toMillis()),
            TopicConfig.DELETE_RETENTION_MS_CONFIG,
                    Long.toString(Duration.ofMinutes(15).toMillis()));

    private static void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LabelJoinProcessor.AWAITING),
                        Serdes.String(),
                        JoinState.Waiting.serde())
                .withLoggingEnabled(PER_EVENT_CHANGELOG));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LabelJoinProcessor.HELD),
                        Serdes.String(),
                        JoinState.HeldLabel.serde())
                .withLoggingEnabled(PER_EVENT_CHANGELOG));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LabelFates.STORE), Serdes.String(), LabelFates.Counts.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PredictionTallies.STORE),
                Serdes.String(),
                PredictionTallies.Tallies.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ChallengerPairs.STORE),
                        Serdes.String(),
                        ChallengerPairs.Half.serde())
                .withLoggingEnabled(PER_EVENT_CHANGELOG));
    }
}
