package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One prediction's outcome as seen by one attribute: the event's value of it and either its label (truth, how long
 * after the event it came) or, when none came within the horizon, nothing ({@link #unlabelled}).
 */
record ScoredGroup(String group, Optional<Emotion> truth, Emotion predicted, long eventTime, long labelDelayMs) {
    static ScoredGroup scored(String group, Emotion truth, Emotion predicted, long eventTime, long labelDelayMs) {
        return new ScoredGroup(group, Optional.of(truth), predicted, eventTime, Math.max(0, labelDelayMs));
    }

    static ScoredGroup unlabelled(String group, Emotion predicted, long eventTime) {
        return new ScoredGroup(group, Optional.empty(), predicted, eventTime, 0);
    }

    boolean labelled() {
        return truth.isPresent();
    }

    static final byte FORMAT_VERSION = 1;

    /**
     * On the repartition topic, version 1: {@code 0x01} | group (4 + UTF-8) | truth name, empty when unlabelled
     * (4 + ASCII) | predicted name (4 + ASCII) | event time (8) | label delay ms (8). Version 0 (in flight during an
     * upgrade; its first byte, of the group's length, is 0) had ordinals and no delay: read, never written.
     */
    static Serde<ScoredGroup> serde() {
        return Serdes.serdeFrom((topic, s) -> {
            byte[] group = s.group().getBytes(StandardCharsets.UTF_8);
            byte[] truth = s.truth().map(Enum::name).orElse("").getBytes(StandardCharsets.US_ASCII);
            byte[] predicted = s.predicted().name().getBytes(StandardCharsets.US_ASCII);
            return ByteBuffer.allocate(1 + 12 + group.length + truth.length + predicted.length + 16).put(FORMAT_VERSION)
                    .putInt(group.length).put(group).putInt(truth.length).put(truth).putInt(predicted.length).put(predicted)
                    .putLong(s.eventTime()).putLong(s.labelDelayMs()).array();
        }, (topic, bytes) -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (bytes[0] == 0) {
                String group = text(in, StandardCharsets.UTF_8);
                return scored(group, Emotion.values()[in.getInt()], Emotion.values()[in.getInt()], in.getLong(), 0);
            }
            JoinState.requireKnownVersion(in.get(), "scored-by-scope record");
            String group = text(in, StandardCharsets.UTF_8);
            String truth = text(in, StandardCharsets.US_ASCII);
            Emotion predicted = Emotion.valueOf(text(in, StandardCharsets.US_ASCII));
            long eventTime = in.getLong();
            long delay = in.getLong();
            return truth.isEmpty() ? unlabelled(group, predicted, eventTime)
                    : scored(group, Emotion.valueOf(truth), predicted, eventTime, delay);
        });
    }

    private static String text(ByteBuffer in, Charset charset) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, charset);
    }
}
