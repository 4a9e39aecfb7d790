package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.ModelRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs the champion's and the challenger's scored predictions of the same event, whichever is scored first: the
 * first waits in {@code half-pairs} (at most the horizon) for the other role's. A champion's waits only while a
 * challenger of its model has been seen within the horizon, so without a challenger the store stays empty. Bounded:
 * at most {@link LabelJoinProcessor#MAX_ENTRIES} entries per task (overflow counted as an eviction).
 */
final class ChallengerPairs {
    static final String STORE = "half-pairs";

    /** Both roles' outcomes on one event, with the prediction scored last (its groups are the event's). */
    record Pair(EmotionPrediction latest, int championVersion, int challengerVersion, Emotion truth,
                boolean championRight, boolean challengerRight) {
    }

    /** The first-scored role of an event: what the pair needs of it. */
    record Half(ModelRole role, String modelName, int version, boolean right, long scoredAtMs) {
        static final byte FORMAT_VERSION = 1;

        /** Version 1: {@code 0x01} | role name, model name ({@link StateText}) | version (4) | right (1) | scored at (8). */
        static Serde<Half> serde() {
            return Serdes.serdeFrom((topic, half) -> {
                StateWriter out = new StateWriter();
                out.writeByte(FORMAT_VERSION);
                StateText.write(out, half.role().name());
                StateText.write(out, half.modelName());
                out.writeInt(half.version());
                out.writeBoolean(half.right());
                out.writeLong(half.scoredAtMs());
                return out.toByteArray();
            }, (topic, bytes) -> {
                StateReader in = new StateReader(bytes);
                JoinState.requireKnownVersion(in.readByte(), STORE);
                return new Half(ModelRole.valueOf(StateText.read(in)), StateText.read(in), in.readInt(), in.readBoolean(),
                        in.readLong());
            });
        }
    }

    private final KeyValueStore<String, Half> store;
    private final MonitorMetrics metrics;
    private final long horizonMs;
    /** When a challenger prediction of each model was last seen (wall clock); a few models at most. */
    private final Map<String, Long> challengerSeen = new HashMap<>();

    ChallengerPairs(KeyValueStore<String, Half> store, MonitorMetrics metrics, long horizonMs) {
        this.store = store;
        this.metrics = metrics;
        this.horizonMs = horizonMs;
    }

    /** Any prediction that reached the join (scored or not): a challenger's says one is serving. */
    void seen(EmotionPrediction prediction, long now) {
        if (prediction.getRole() == ModelRole.CHALLENGER) {
            challengerSeen.put(prediction.getModelName(), now);
        }
    }

    /** A scored prediction: the pair, if the other role's outcome of the event was waiting. */
    Optional<Pair> scored(EmotionPrediction prediction, Emotion truth, long now) {
        String eventId = prediction.getEventId();
        boolean right = prediction.getPredicted().name().equals(truth.name());
        Half waiting = store.get(eventId);
        if (waiting != null && waiting.role() != prediction.getRole() && waiting.modelName().equals(prediction.getModelName())) {
            store.delete(eventId);
            boolean champion = prediction.getRole() == ModelRole.CHAMPION;
            return Optional.of(new Pair(prediction, champion ? prediction.getModelVersion() : waiting.version(),
                    champion ? waiting.version() : prediction.getModelVersion(), truth,
                    champion ? right : waiting.right(), champion ? waiting.right() : right));
        }
        Long challenger = challengerSeen.get(prediction.getModelName());
        boolean worthKeeping = prediction.getRole() == ModelRole.CHALLENGER || challenger != null && now - challenger <= horizonMs;
        if (!worthKeeping) {
            return Optional.empty();
        }
        if (waiting == null && store.approximateNumEntries() >= LabelJoinProcessor.MAX_ENTRIES) {
            metrics.joinEvicted(STORE, "store_full");
            return Optional.empty();
        }
        store.put(eventId, new Half(prediction.getRole(), prediction.getModelName(), prediction.getModelVersion(), right, now));
        return Optional.empty();
    }

    /** Drops halves older than the horizon (their other role never came); returns how many are kept. */
    long expire(long now) {
        List<String> expired = new ArrayList<>();
        long kept = 0;
        try (KeyValueIterator<String, Half> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Half> entry = all.next();
                if (entry.value.scoredAtMs() < now - horizonMs) {
                    expired.add(entry.key);
                } else {
                    kept++;
                }
            }
        }
        expired.forEach(store::delete);
        challengerSeen.values().removeIf(seen -> seen < now - horizonMs);
        return kept;
    }
}
