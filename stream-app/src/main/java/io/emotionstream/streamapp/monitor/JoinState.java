package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The two kinds of state the label join keeps per event id, with their (changelogged) serdes. */
final class JoinState {
    /** Format version of both stores' values: the first byte (version 0 values start with a zero byte). */
    static final byte FORMAT_VERSION = 1;

    private JoinState() {}

    private static void requireKnownVersion(byte version, String store) {
        StateVersion.require(version, FORMAT_VERSION, FORMAT_VERSION, store);
    }

    /** Predictions of one event waiting for its label, since {@code arrivedAtMs} (wall clock). */
    record Waiting(long arrivedAtMs, List<EmotionPrediction> predictions) {
        Waiting with(EmotionPrediction prediction) {
            List<EmotionPrediction> all = new ArrayList<>(predictions);
            all.add(prediction);
            return new Waiting(arrivedAtMs, all);
        }

        /**
         * Version 1: {@code 0x01} | arrivedAt (8) | count (4) | per prediction: length (4), Avro single-object bytes
         * (their own schema fingerprint). Version 0 had no version byte (its first byte, of a wall-clock time, is 0).
         */
        static Serde<Waiting> serde() {
            var predictions = Topics.predictionSerde();
            return Serdes.serdeFrom(
                    (topic, w) -> {
                        List<byte[]> encoded = w.predictions().stream()
                                .map(predictions::encode)
                                .toList();
                        ByteBuffer out = ByteBuffer.allocate(13
                                + encoded.stream().mapToInt(b -> 4 + b.length).sum());
                        out.put(FORMAT_VERSION).putLong(w.arrivedAtMs()).putInt(encoded.size());
                        encoded.forEach(b -> out.putInt(b.length).put(b));
                        return out.array();
                    },
                    (topic, bytes) -> {
                        ByteBuffer in = ByteBuffer.wrap(bytes);
                        if (bytes[0] != 0) {
                            requireKnownVersion(in.get(), "awaiting predictions");
                        }
                        long arrived = in.getLong();
                        int count = in.getInt();
                        List<EmotionPrediction> list = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            byte[] b = new byte[in.getInt()];
                            in.get(b);
                            list.add(predictions.decode(b));
                        }
                        return new Waiting(arrived, list);
                    });
        }
    }

    /** A label held for predictions still to come (e.g. the challenger's), and to recognise duplicates. */
    record HeldLabel(Emotion truth, long labelledAtMs, long arrivedAtMs, boolean matched) {
        HeldLabel matchedNow() {
            return new HeldLabel(truth, labelledAtMs, arrivedAtMs, true);
        }

        /**
         * Version 1: {@code 0x01} | name length (1) | emotion name (ASCII) | labelledAt (8) | arrivedAt (8) | matched (1).
         * Version 0 (21 bytes, first byte 0: the high byte of an ordinal) stored the enum's ordinal: read, not written.
         */
        static Serde<HeldLabel> serde() {
            return Serdes.serdeFrom(
                    (topic, h) -> {
                        byte[] name = h.truth().name().getBytes(StandardCharsets.US_ASCII);
                        return ByteBuffer.allocate(19 + name.length)
                                .put(FORMAT_VERSION)
                                .put((byte) name.length)
                                .put(name)
                                .putLong(h.labelledAtMs())
                                .putLong(h.arrivedAtMs())
                                .put((byte) (h.matched() ? 1 : 0))
                                .array();
                    },
                    (topic, bytes) -> {
                        ByteBuffer in = ByteBuffer.wrap(bytes);
                        Emotion truth;
                        if (bytes[0] == 0) {
                            truth = Emotion.SIX.get(in.getInt());
                        } else {
                            requireKnownVersion(in.get(), "held label");
                            byte[] name = new byte[in.get()];
                            in.get(name);
                            truth = Emotion.valueOf(new String(name, StandardCharsets.US_ASCII));
                        }
                        return new HeldLabel(truth, in.getLong(), in.getLong(), in.get() == 1);
                    });
        }
    }
}
