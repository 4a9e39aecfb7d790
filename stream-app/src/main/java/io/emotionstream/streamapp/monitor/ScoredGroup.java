package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** One scored prediction as seen by one attribute: the event's value of it, the truth and the prediction. */
record ScoredGroup(String group, Emotion truth, Emotion predicted, long eventTime) {
    static Serde<ScoredGroup> serde() {
        return Serdes.serdeFrom((topic, s) -> {
            byte[] group = s.group().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + group.length + 16).putInt(group.length).put(group)
                    .putInt(s.truth().ordinal()).putInt(s.predicted().ordinal()).putLong(s.eventTime()).array();
        }, (topic, bytes) -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] group = new byte[in.getInt()];
            in.get(group);
            return new ScoredGroup(new String(group, StandardCharsets.UTF_8), Emotion.values()[in.getInt()],
                    Emotion.values()[in.getInt()], in.getLong());
        });
    }
}
