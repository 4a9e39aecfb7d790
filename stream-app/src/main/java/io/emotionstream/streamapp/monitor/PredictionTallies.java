package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.GroupPredictions;
import io.emotionstream.fairness.PredictionTally;
import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.GroupAttributes;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import io.emotionstream.schemas.events.PredictionCalibration;
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
 * Every prediction the label join sees, counted at once per scope and group ({@link PredictionTally}) and flushed
 * downstream on each punctuation: the label-free estimates and the predicted mix need no label, so they are
 * known within a punctuation of the prediction (a minute at most), not a horizon later. Kept in a store, not in
 * memory, so a crash between flushes neither loses nor repeats a count under exactly-once. Bounded: max.groups
 * groups per scope (the rest counted as {@value ScopeStats#OTHER}).
 */
final class PredictionTallies {
    static final String STORE = "prediction-tallies";

    private final KeyValueStore<String, Tallies> store;
    private final Set<String> attributes;
    private final int maxGroups;

    PredictionTallies(KeyValueStore<String, Tallies> store, Set<String> attributes, int maxGroups) {
        this.store = store;
        this.attributes = attributes;
        this.maxGroups = maxGroups;
    }

    void predicted(EmotionPrediction prediction) {
        for (String attribute : attributes) {
            Optional<String> group = GroupAttributes.value(attribute, prediction);
            if (group.isEmpty()) {
                continue;
            }
            String key = new Scope(
                            prediction.getModelName(), prediction.getModelVersion(), prediction.getRole(), attribute)
                    .encode();
            Tallies tallies = Optional.ofNullable(store.get(key)).orElseGet(Tallies::new);
            tallies.add(group.get(), prediction, maxGroups);
            store.put(key, tallies);
        }
    }

    /** Everything counted since the last flush, per scope key, removed from the store. */
    List<KeyValue<String, GroupPredictions>> flush() {
        List<KeyValue<String, GroupPredictions>> out = new ArrayList<>();
        try (KeyValueIterator<String, Tallies> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Tallies> entry = all.next();
                out.add(KeyValue.pair(entry.key, entry.value.toOutcome()));
            }
        }
        out.forEach(entry -> store.delete(entry.key));
        return out;
    }

    /**
     * Version 2: {@code 0x02} | calibrated (1) | reference flag (1), 6 doubles if set | groups (4) | per group: name,
     * {@link PredictionTally#write its tally}. Version 1 wrote six predicted counts per group (before neutral): read.
     */
    static final class Tallies {
        static final byte FORMAT_VERSION = 2;
        private final Map<String, PredictionTally> groups = new TreeMap<>();
        private double[] referenceMix;
        private boolean calibrated;

        void add(String group, EmotionPrediction prediction, int maxGroups) {
            String bucket = ScopeStats.bucket(groups, group, maxGroups);
            groups.computeIfAbsent(bucket, g -> new PredictionTally()).add(prediction);
            PredictionCalibration calibration = prediction.getCalibration();
            calibrated = calibration != null;
            if (referenceMix == null && calibration != null) {
                referenceMix = validMix(calibration.getReferenceMix()).orElse(null);
            }
        }

        GroupPredictions toOutcome() {
            return new GroupPredictions(groups, referenceMix, calibrated);
        }

        static Serde<Tallies> serde() {
            return Serdes.serdeFrom(
                    (topic, tallies) -> {
                        StateWriter out = new StateWriter();
                        out.writeByte(FORMAT_VERSION);
                        tallies.toOutcome().write(out);
                        return out.toByteArray();
                    },
                    (topic, bytes) -> {
                        StateReader in = new StateReader(bytes);
                        byte version = in.readByte();
                        StateVersion.require(version, 1, FORMAT_VERSION, STORE);
                        GroupPredictions read = GroupPredictions.read(in, version >= 2);
                        Tallies tallies = new Tallies();
                        tallies.groups.putAll(read.groups());
                        tallies.referenceMix = read.referenceMix();
                        tallies.calibrated = read.calibrated();
                        return tallies;
                    });
        }
    }

    /** A reference mix the drift test can use: six positive finite shares (normalised); else none. */
    static Optional<double[]> validMix(EmotionProbabilities mix) {
        double[] shares = {
            mix.getAnger(), mix.getDisgust(), mix.getFear(), mix.getHappiness(), mix.getSadness(), mix.getSurprise()
        };
        double sum = 0;
        for (double share : shares) {
            if (!(share > 0) || Double.isInfinite(share)) {
                return Optional.empty();
            }
            sum += share;
        }
        for (int k = 0; k < shares.length; k++) {
            shares[k] /= sum;
        }
        return Optional.of(shares);
    }
}
