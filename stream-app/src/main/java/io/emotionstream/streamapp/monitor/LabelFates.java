package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.GroupAttributes;
import io.emotionstream.schemas.events.EmotionPrediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The fate of every prediction the label join sees (labelled within the horizon, or not), counted per arrival bucket
 * (a twelfth of the horizon, wall clock), scope and group, and released only when the whole bucket's fates are known
 * (a horizon after the bucket ends). Releasing by arrival time, never by when a fate became known, is what keeps the
 * groups' coverage test valid: a label is known when it comes, its absence only a horizon later, so fates in the order
 * they became known would tell labelled from unlabelled by their timing alone.
 *
 * <p>Bounded: at most max.groups groups per bucket and scope (the rest counted as {@value ScopeStats#OTHER}), and
 * horizon / bucket + 2 buckets alive per scope.
 */
final class LabelFates {
    static final String STORE = "label-fates";
    static final int BUCKETS_PER_HORIZON = 12;
    private static final String SEPARATOR = "\u001e";

    /** One released bucket of one scope: per group, predictions labelled and not. */
    record Released(String scopeKey, long bucketStart, Map<String, long[]> labelledAndNot) {}

    private final KeyValueStore<String, Counts> store;
    private final Set<String> attributes;
    private final int maxGroups;
    private final long horizonMs;
    private final long bucketMs;

    LabelFates(KeyValueStore<String, Counts> store, Set<String> attributes, int maxGroups, Duration horizon) {
        this.store = store;
        this.attributes = attributes;
        this.maxGroups = maxGroups;
        this.horizonMs = horizon.toMillis();
        this.bucketMs = Math.max(1, horizonMs / BUCKETS_PER_HORIZON);
    }

    /** A prediction that arrived at {@code arrivedAtMs}, labelled already or not (yet). */
    void predicted(EmotionPrediction prediction, long arrivedAtMs, boolean labelled, long now) {
        count(prediction, arrivedAtMs, 1, labelled ? 1 : 0, now);
    }

    /** Predictions that arrived at {@code arrivedAtMs} and got their label within the horizon. */
    void labelled(List<EmotionPrediction> predictions, long arrivedAtMs, long now) {
        predictions.forEach(p -> count(p, arrivedAtMs, 0, 1, now));
    }

    private void count(EmotionPrediction prediction, long arrivedAtMs, int predicted, int labelled, long now) {
        long bucket = arrivedAtMs - Math.floorMod(arrivedAtMs, bucketMs);
        if (bucket + bucketMs + horizonMs < now) {
            return; // released already: its figures are final
        }
        for (String attribute : attributes) {
            Optional<String> group = GroupAttributes.value(attribute, prediction);
            if (group.isEmpty()) {
                continue;
            }
            Scope scope =
                    new Scope(prediction.getModelName(), prediction.getModelVersion(), prediction.getRole(), attribute);
            String key = key(bucket, scope.encode());
            Counts counts = Optional.ofNullable(store.get(key)).orElseGet(Counts::new);
            counts.add(group.get(), predicted, labelled, maxGroups);
            store.put(key, counts);
        }
    }

    /** Buckets whose every prediction has met its fate, removed from the store; oldest first. */
    List<Released> release(long now) {
        List<Released> out = new ArrayList<>();
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, Counts> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Counts> entry = all.next();
                long bucket = Long.parseLong(entry.key.substring(0, entry.key.indexOf(SEPARATOR)));
                if (bucket + bucketMs + horizonMs >= now) {
                    break; // keys sort by bucket start
                }
                done.add(entry.key);
                out.add(new Released(
                        entry.key.substring(entry.key.indexOf(SEPARATOR) + 1), bucket, entry.value.labelledAndNot()));
            }
        }
        done.forEach(store::delete);
        return out;
    }

    private static String key(long bucket, String scopeKey) {
        return String.format("%020d", bucket) + SEPARATOR + scopeKey;
    }

    /** Per group: predictions, and how many of them got a label. Version 1: {@code 0x01} | groups (4) | per group: name, predicted (8), labelled (8). */
    static final class Counts {
        static final byte FORMAT_VERSION = 1;
        private final Map<String, long[]> groups = new TreeMap<>();

        void add(String group, int predicted, int labelled, int maxGroups) {
            String bucket = ScopeStats.bucket(groups, group, maxGroups);
            long[] counts = groups.computeIfAbsent(bucket, g -> new long[2]);
            counts[0] += predicted;
            counts[1] += labelled;
        }

        Map<String, long[]> labelledAndNot() {
            Map<String, long[]> out = new TreeMap<>();
            groups.forEach((group, c) -> out.put(group, new long[] {Math.min(c[1], c[0]), Math.max(0, c[0] - c[1])}));
            return out;
        }

        static Serde<Counts> serde() {
            return Serdes.serdeFrom(
                    (topic, counts) -> {
                        StateWriter out = new StateWriter();
                        out.writeByte(FORMAT_VERSION);
                        StateText.writePairs(out, counts.groups);
                        return out.toByteArray();
                    },
                    (topic, bytes) -> {
                        StateReader in = new StateReader(bytes);
                        StateVersion.require(in.readByte(), FORMAT_VERSION, FORMAT_VERSION, STORE);
                        Counts counts = new Counts();
                        counts.groups.putAll(StateText.readPairs(in));
                        return counts;
                    });
        }
    }
}
