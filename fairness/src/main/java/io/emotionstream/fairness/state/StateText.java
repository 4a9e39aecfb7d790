package io.emotionstream.fairness.state;

import io.emotionstream.schemas.Emotion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strings in the monitor's persisted state: length (4 bytes) and UTF-8, any length; nullable ones behind a flag; and
 * named pairs of counts, reference mixes, and how many classes per-class counts cover.
 */
public final class StateText {
    private StateText() {}

    /**
     * How many classes the next per-class counts cover: the count written before them ({@code sized}), or six for a
     * format from before neutral, which wrote none. A count this app cannot hold is refused.
     */
    public static int readClassCount(StateReader in, boolean sized, String what) {
        int classes = sized ? in.readInt() : Emotion.SIX_COUNT;
        if (classes < 1 || classes > Emotion.values().length) {
            throw new IllegalStateException(
                    what + " of " + classes + " classes; this app knows " + Emotion.values().length);
        }
        return classes;
    }

    public static void write(StateWriter out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String read(StateReader in) {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Per name, a pair of counts: size (4), then each: name, first (8), second (8). */
    public static void writePairs(StateWriter out, Map<String, long[]> pairs) {
        out.writeInt(pairs.size());
        for (var entry : pairs.entrySet()) {
            write(out, entry.getKey());
            out.writeLong(entry.getValue()[0]);
            out.writeLong(entry.getValue()[1]);
        }
    }

    public static Map<String, long[]> readPairs(StateReader in) {
        Map<String, long[]> pairs = new TreeMap<>();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            pairs.put(read(in), new long[] {in.readLong(), in.readLong()});
        }
        return pairs;
    }

    /** A flag (1), and if set the shares (8 each): how a reference mix is stored. */
    public static void writeNullableShares(StateWriter out, double[] shares) {
        out.writeBoolean(shares != null);
        if (shares != null) {
            for (double share : shares) {
                out.writeDouble(share);
            }
        }
    }

    /** What {@link #writeNullableShares} wrote, {@code count} shares long; null when the flag is unset. */
    public static double[] readNullableShares(StateReader in, int count) {
        if (!in.readBoolean()) {
            return null;
        }
        double[] shares = new double[count];
        for (int k = 0; k < count; k++) {
            shares[k] = in.readDouble();
        }
        return shares;
    }

    public static void writeNullable(StateWriter out, String text) {
        out.writeBoolean(text != null);
        if (text != null) {
            write(out, text);
        }
    }

    public static String readNullable(StateReader in) {
        return in.readBoolean() ? read(in) : null;
    }
}
