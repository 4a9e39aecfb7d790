package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The two kinds of state the label join keeps per event id, with their (changelogged) serdes. */
final class JoinState {
    private JoinState() {
    }

    /** Predictions of one event waiting for its label, since {@code arrivedAtMs} (wall clock). */
    record Waiting(long arrivedAtMs, List<EmotionPrediction> predictions) {
        Waiting with(EmotionPrediction prediction) {
            List<EmotionPrediction> all = new ArrayList<>(predictions);
            all.add(prediction);
            return new Waiting(arrivedAtMs, all);
        }

        static Serde<Waiting> serde() {
            var predictions = Topics.predictionSerde();
            return Serdes.serdeFrom((topic, w) -> {
                List<byte[]> encoded = w.predictions().stream().map(predictions::encode).toList();
                ByteBuffer out = ByteBuffer.allocate(12 + encoded.stream().mapToInt(b -> 4 + b.length).sum());
                out.putLong(w.arrivedAtMs()).putInt(encoded.size());
                encoded.forEach(b -> out.putInt(b.length).put(b));
                return out.array();
            }, (topic, bytes) -> {
                ByteBuffer in = ByteBuffer.wrap(bytes);
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

        static Serde<HeldLabel> serde() {
            return Serdes.serdeFrom((topic, h) -> ByteBuffer.allocate(21).putInt(h.truth().ordinal())
                    .putLong(h.labelledAtMs()).putLong(h.arrivedAtMs()).put((byte) (h.matched() ? 1 : 0)).array(),
                    (topic, bytes) -> {
                        ByteBuffer in = ByteBuffer.wrap(bytes);
                        return new HeldLabel(Emotion.values()[in.getInt()], in.getLong(), in.getLong(), in.get() == 1);
                    });
        }
    }
}
