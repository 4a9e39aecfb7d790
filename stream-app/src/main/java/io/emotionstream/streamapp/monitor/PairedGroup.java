package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One labelled event both roles predicted, as seen by one attribute: the event's value of it, the truth, and whether
 * each role got it right. What reaches a comparison's aggregate through the {@code paired-by-comparison} topic.
 */
record PairedGroup(String group, Emotion truth, boolean championRight, boolean challengerRight) {
    static final byte FORMAT_VERSION = 1;

    /** Version 1: {@code 0x01} | group, truth name ({@link StateText}) | champion right (1) | challenger right (1). */
    static Serde<PairedGroup> serde() {
        return Serdes.serdeFrom((topic, pair) -> {
            StateWriter out = new StateWriter();
            out.writeByte(FORMAT_VERSION);
            StateText.write(out, pair.group());
            StateText.write(out, pair.truth().name());
            out.writeBoolean(pair.championRight());
            out.writeBoolean(pair.challengerRight());
            return out.toByteArray();
        }, (topic, bytes) -> {
            StateReader in = new StateReader(bytes);
            JoinState.requireKnownVersion(in.readByte(), "paired-by-comparison record");
            return new PairedGroup(StateText.read(in), Emotion.valueOf(StateText.read(in)), in.readBoolean(), in.readBoolean());
        });
    }
}
