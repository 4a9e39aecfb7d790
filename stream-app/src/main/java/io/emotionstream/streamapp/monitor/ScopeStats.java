package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The aggregate of one scope over one window: a confusion matrix per group, at most {@code maxGroups} named groups
 * (later values are counted under {@value #OTHER}, which takes the last of the maxGroups slots, so state and output
 * stay bounded however many values producers send) and the latest event time seen.
 */
public final class ScopeStats {
    public static final String OTHER = "other";

    private final Map<String, ConfusionCounts> groups = new TreeMap<>();
    private long latestEventTime;

    public ScopeStats add(String group, Emotion truth, Emotion predicted, long eventTime, int maxGroups) {
        long named = groups.size() - (groups.containsKey(OTHER) ? 1 : 0);
        // maxGroups buckets in all: maxGroups - 1 named values, and "other" for the rest
        String bucket = groups.containsKey(group) || named < maxGroups - 1 || group.equals(OTHER) ? group : OTHER;
        groups.computeIfAbsent(bucket, g -> new ConfusionCounts()).add(truth, predicted);
        latestEventTime = Math.max(latestEventTime, eventTime);
        return this;
    }

    public Map<String, ConfusionCounts> groups() {
        return groups;
    }

    public long latestEventTime() {
        return latestEventTime;
    }

    static Serde<ScopeStats> serde() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : stats.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    private byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(latestEventTime);
            out.writeInt(groups.size());
            for (var entry : groups.entrySet()) {
                out.writeUTF(entry.getKey());
                for (long cell : entry.getValue().cells()) {
                    out.writeLong(cell);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScopeStats fromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            ScopeStats stats = new ScopeStats();
            stats.latestEventTime = in.readLong();
            int count = in.readInt();
            for (int g = 0; g < count; g++) {
                String group = in.readUTF();
                long[] cells = new long[ConfusionCounts.K * ConfusionCounts.K];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = in.readLong();
                }
                stats.groups.put(group, new ConfusionCounts(cells));
            }
            return stats;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
