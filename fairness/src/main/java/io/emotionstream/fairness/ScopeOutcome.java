package io.emotionstream.fairness;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What reaches a scope's aggregates through the {@code scored-by-scope} topic: a scored prediction, a bucket of fates,
 * or the predictions counted since the last flush.
 */
public sealed interface ScopeOutcome permits ScoredGroup, GroupFates, GroupPredictions {
    byte FORMAT_VERSION = 3;

    /**
     * Version 3: {@code 0x03} | kind name ({@code SCORED}, {@code FATES} or {@code PREDICTED}) | for SCORED: group,
     * truth name, predicted name, event time (8), label delay ms (8), confidence (8); for FATES: bucket start (8),
     * groups (4), each: name, labelled (8), unlabelled (8); for PREDICTED: {@link GroupPredictions#write}. Strings as
     * {@link StateText}. Version 2 (in flight during an upgrade) wrote six predicted counts per tally (before neutral);
     * version 1 had no confidence and no PREDICTED; version 0 (its
     * first byte, of the group's length, is 0) was a scored prediction with ordinals and no delay: both read, never
     * written.
     */
    static byte[] toBytes(ScopeOutcome outcome) {
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        if (outcome instanceof ScoredGroup scored) {
            StateText.write(out, "SCORED");
            StateText.write(out, scored.group());
            StateText.write(out, scored.truth().name());
            StateText.write(out, scored.predicted().name());
            out.writeLong(scored.eventTime());
            out.writeLong(scored.labelDelayMs());
            out.writeDouble(scored.confidence());
        } else if (outcome instanceof GroupPredictions predictions) {
            StateText.write(out, "PREDICTED");
            predictions.write(out);
        } else {
            GroupFates fates = (GroupFates) outcome;
            StateText.write(out, "FATES");
            out.writeLong(fates.bucketStart());
            StateText.writePairs(out, fates.labelledAndNot());
        }
        return out.toByteArray();
    }

    static ScopeOutcome fromBytes(byte[] bytes) {
        if (bytes[0] == 0) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] group = new byte[in.getInt()];
            in.get(group);
            return new ScoredGroup(
                    new String(group, StandardCharsets.UTF_8),
                    Emotion.SIX.get(in.getInt()),
                    Emotion.SIX.get(in.getInt()),
                    in.getLong(),
                    0);
        }
        StateReader in = new StateReader(bytes);
        byte version = in.readByte();
        StateVersion.require(version, 1, FORMAT_VERSION, "scored-by-scope record");
        String kind = StateText.read(in);
        if (kind.equals("SCORED")) {
            return new ScoredGroup(
                    StateText.read(in),
                    Emotion.valueOf(StateText.read(in)),
                    Emotion.valueOf(StateText.read(in)),
                    in.readLong(),
                    in.readLong(),
                    version == 1 ? Double.NaN : in.readDouble());
        }
        if (kind.equals("PREDICTED")) {
            return GroupPredictions.read(in, version >= 3);
        }
        if (!kind.equals("FATES")) {
            throw new IllegalStateException("unknown scored-by-scope record kind " + kind);
        }
        long bucket = in.readLong();
        return new GroupFates(bucket, StateText.readPairs(in));
    }
}
