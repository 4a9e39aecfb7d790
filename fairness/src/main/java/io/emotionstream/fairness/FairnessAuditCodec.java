package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.BettingMartingale;
import io.emotionstream.fairness.sequential.BitQueue;
import io.emotionstream.fairness.sequential.EqualityTest;
import io.emotionstream.fairness.sequential.GroupVsRest;
import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The persisted form of a {@link FairnessAudit} (inside the cumulative scope statistics), version 2:
 * {@code 0x02} | phase name | since (8) | labels (8) | groups (4), each: name, {@link ConfusionCounts#write the
 * confusion matrix} | rates (4), each: rate
 * code, slots (4), groups (4), each: name, own queue (8 + 1), rest queue (8 + 1), log wealth, bet, sum of squares
 * (8 each) | raise flag, and if set: rate code, log e-value (8), gap (8, NaN for none), lowest, highest and standing-out
 * group (nullable), at (8) | fates (4), each: group, labelled (8), unlabelled (8) | the coverage test (as a rate's, without
 * its code) | uneven flag. Strings as {@link StateText}; enums and rates by name, never by ordinal. Version 1 wrote
 * 36 cells per group (six by six, before neutral was scored): still read.
 */
final class FairnessAuditCodec {
    static final byte FORMAT_VERSION = 2;

    private FairnessAuditCodec() {}

    static void write(StateWriter out, FairnessAudit audit) {
        out.writeByte(FORMAT_VERSION);
        StateText.write(out, audit.phase.name());
        out.writeLong(audit.since);
        out.writeLong(audit.labels);
        out.writeInt(audit.counts.size());
        for (var entry : audit.counts.entrySet()) {
            StateText.write(out, entry.getKey());
            entry.getValue().write(out);
        }
        out.writeInt(audit.tests.size());
        for (int r = 0; r < audit.tests.size(); r++) {
            StateText.write(out, Rate.ALL.get(r).code());
            writeTest(out, audit.tests.get(r));
        }
        FairnessAudit.Raise raise = audit.raise;
        out.writeBoolean(raise != null);
        if (raise != null) {
            StateText.write(out, raise.rate().code());
            out.writeDouble(raise.logEValue());
            out.writeDouble(raise.gap() == null ? Double.NaN : raise.gap());
            StateText.writeNullable(out, raise.lowest());
            StateText.writeNullable(out, raise.highest());
            StateText.writeNullable(out, raise.standingOut());
            out.writeLong(raise.at());
        }
        StateText.writePairs(out, audit.fates);
        writeTest(out, audit.coverageTest);
        out.writeBoolean(audit.uneven);
    }

    private static void writeTest(StateWriter out, EqualityTest test) {
        out.writeInt(test.slots());
        out.writeInt(test.groups().size());
        for (int j = 0; j < test.groups().size(); j++) {
            GroupVsRest pair = test.tests().get(j);
            StateText.write(out, test.groups().get(j));
            writeQueue(out, pair.ownQueue());
            writeQueue(out, pair.restQueue());
            out.writeDouble(pair.wealth().logWealth());
            out.writeDouble(pair.wealth().bet());
            out.writeDouble(pair.wealth().sumSquares());
        }
    }

    private static EqualityTest readTest(StateReader in) {
        int slots = in.readInt();
        int count = in.readInt();
        List<String> names = new ArrayList<>();
        List<GroupVsRest> pairs = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            names.add(StateText.read(in));
            BitQueue own = readQueue(in);
            BitQueue rest = readQueue(in);
            pairs.add(new GroupVsRest(
                    own, rest, new BettingMartingale(in.readDouble(), in.readDouble(), in.readDouble())));
        }
        return new EqualityTest(slots, names, pairs);
    }

    static FairnessAudit read(StateReader in) {
        byte version = in.readByte();
        StateVersion.require(version, 1, FORMAT_VERSION, "fairness audit");
        FairnessAudit.Phase phase = FairnessAudit.Phase.valueOf(StateText.read(in));
        long since = in.readLong();
        long labels = in.readLong();
        FairnessAudit audit = new FairnessAudit(2);
        audit.phase = phase;
        audit.since = since;
        audit.labels = labels;
        int groups = in.readInt();
        for (int g = 0; g < groups; g++) {
            String name = StateText.read(in);
            audit.counts.put(name, ConfusionCounts.read(in, version >= 2));
        }
        int rates = in.readInt();
        if (rates != Rate.ALL.size()) {
            throw new IllegalStateException("fairness audit with " + rates + " rates, expected " + Rate.ALL.size());
        }
        audit.tests.clear();
        for (int r = 0; r < rates; r++) {
            String code = StateText.read(in);
            if (!code.equals(Rate.ALL.get(r).code())) {
                throw new IllegalStateException("fairness audit rate " + code + " where "
                        + Rate.ALL.get(r).code() + " belongs");
            }
            audit.tests.add(readTest(in));
        }
        if (in.readBoolean()) {
            Rate rate = Rate.ofCode(StateText.read(in)).orElseThrow(() -> new IllegalStateException("unknown rate"));
            double logEValue = in.readDouble();
            double gap = in.readDouble();
            audit.raise = new FairnessAudit.Raise(
                    rate,
                    logEValue,
                    Double.isNaN(gap) ? null : gap,
                    StateText.readNullable(in),
                    StateText.readNullable(in),
                    StateText.readNullable(in),
                    in.readLong());
        }
        audit.fates.putAll(StateText.readPairs(in));
        audit.coverageTest = readTest(in);
        audit.uneven = in.readBoolean();
        return audit;
    }

    private static void writeQueue(StateWriter out, BitQueue queue) {
        out.writeLong(queue.bits());
        out.writeByte(queue.size());
    }

    private static BitQueue readQueue(StateReader in) {
        return new BitQueue(in.readLong(), in.readUnsignedByte());
    }
}
