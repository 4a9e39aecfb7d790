package io.emotionstream.fairness;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;

/**
 * One labelled event both roles predicted, as seen by one attribute: the event's value of it, the truth, and whether
 * each role got it right. What reaches a comparison's aggregate through the {@code paired-by-comparison} topic.
 */
public record PairedGroup(String group, Emotion truth, boolean championRight, boolean challengerRight) {
    static final byte FORMAT_VERSION = 1;

    /** Version 1: {@code 0x01} | group, truth name ({@link StateText}) | champion right (1) | challenger right (1). */
    public byte[] toBytes() {
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        StateText.write(out, group);
        StateText.write(out, truth.name());
        out.writeBoolean(championRight);
        out.writeBoolean(challengerRight);
        return out.toByteArray();
    }

    public static PairedGroup fromBytes(byte[] bytes) {
        StateReader in = new StateReader(bytes);
        StateVersion.require(in.readByte(), FORMAT_VERSION, FORMAT_VERSION, "paired-by-comparison record");
        return new PairedGroup(
                StateText.read(in), Emotion.valueOf(StateText.read(in)), in.readBoolean(), in.readBoolean());
    }
}
