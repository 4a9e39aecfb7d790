package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.ModelRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs the champion's and the challenger's scored predictions of the same event, whichever is scored first: the
 * first waits in {@code half-pairs} for the other role's, at most {@link #WAIT} (or the horizon, if shorter). The
 * classifier predicts both roles of an event in the same batch, so the two are scored within moments of each other
 * (both inline, both against a held label, or one after the other when the label comes); a half that waited longer
 * is dropped unpaired (the store's size is reported by the join's expiry pass). Every scored prediction waits, challenger or not: the first predictions of a new challenger
 * would otherwise find no champion to pair with. Bounded: at most {@link LabelJoinProcessor#MAX_ENTRIES} entries per
 * task (overflow counted as an eviction).
 */
final class ChallengerPairs {
    static final String STORE = "half-pairs";

    /** Both roles' outcomes on one event, with the prediction scored last (its groups are the event's). */
    record Pair(
            EmotionPrediction latest,
            int championVersion,
            int challengerVersion,
            Emotion truth,
            boolean championRight,
            boolean challengerRight) {}

    /** The first-scored role of an event: what the pair needs of it. */
    record Half(ModelRole role, String modelName, int version, boolean right, long scoredAtMs) {
        static final byte FORMAT_VERSION = 1;

        /** Version 1: {@code 0x01} | role name, model name ({@link StateText}) | version (4) | right (1) | scored at (8). */
        static Serde<Half> serde() {
            return Serdes.serdeFrom(
                    (topic, half) -> {
                        StateWriter out = new StateWriter();
                        out.writeByte(FORMAT_VERSION);
                        StateText.write(out, half.role().name());
                        StateText.write(out, half.modelName());
                        out.writeInt(half.version());
                        out.writeBoolean(half.right());
                        out.writeLong(half.scoredAtMs());
                        return out.toByteArray();
                    },
                    (topic, bytes) -> {
                        StateReader in = new StateReader(bytes);
                        StateVersion.require(in.readByte(), FORMAT_VERSION, FORMAT_VERSION, STORE);
                        return new Half(
                                ModelRole.valueOf(StateText.read(in)),
                                StateText.read(in),
                                in.readInt(),
                                in.readBoolean(),
                                in.readLong());
                    });
        }
    }

    /** How long a half waits for the other role's prediction of its event. */
    static final Duration WAIT = Duration.ofMinutes(10);

    private final KeyValueStore<String, Half> store;
    private final MonitorMetrics metrics;
    private final long waitMs;

    ChallengerPairs(KeyValueStore<String, Half> store, MonitorMetrics metrics, Duration horizon) {
        this.store = store;
        this.metrics = metrics;
        this.waitMs = Math.min(WAIT.toMillis(), horizon.toMillis());
    }

    /** Forgets the event's waiting half, if any (an erasure); true when there was one. */
    boolean forget(String eventId) {
        if (store.get(eventId) == null) {
            return false;
        }
        store.delete(eventId);
        return true;
    }

    /** A scored prediction: the pair, if the other role's outcome of the event was waiting. */
    Optional<Pair> scored(EmotionPrediction prediction, Emotion truth, long now) {
        String eventId = prediction.getEventId();
        boolean right = prediction.getPredicted().name().equals(truth.name());
        Half waiting = store.get(eventId);
        if (waiting != null
                && waiting.role() != prediction.getRole()
                && waiting.modelName().equals(prediction.getModelName())) {
            store.delete(eventId);
            boolean champion = prediction.getRole() == ModelRole.CHAMPION;
            return Optional.of(new Pair(
                    prediction,
                    champion ? prediction.getModelVersion() : waiting.version(),
                    champion ? waiting.version() : prediction.getModelVersion(),
                    truth,
                    champion ? right : waiting.right(),
                    champion ? waiting.right() : right));
        }
        if (waiting == null && store.approximateNumEntries() >= LabelJoinProcessor.MAX_ENTRIES) {
            metrics.joinEvicted(STORE, "store_full");
            return Optional.empty();
        }
        store.put(
                eventId,
                new Half(prediction.getRole(), prediction.getModelName(), prediction.getModelVersion(), right, now));
        return Optional.empty();
    }

    /** Drops halves that waited too long (their other role never came); returns how many are kept. */
    long expire(long now) {
        List<String> expired = new ArrayList<>();
        long kept = 0;
        try (KeyValueIterator<String, Half> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Half> entry = all.next();
                if (entry.value.scoredAtMs() < now - waitMs) {
                    expired.add(entry.key);
                } else {
                    kept++;
                }
            }
        }
        expired.forEach(store::delete);
        return kept;
    }
}
