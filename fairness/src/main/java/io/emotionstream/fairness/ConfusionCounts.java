package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.fairness.sequential.Proportions;
import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A confusion matrix over every class a model may name (row = true class, column = predicted; the six emotions and
 * neutral, {@link Emotion} order) and what follows from it. Per-class figures list the six emotions, and neutral once a
 * neutral label or prediction was counted: a six-class deployment's reports keep their six. Mutable, small.
 */
public final class ConfusionCounts {
    static final int K = Emotion.values().length;
    private final long[] cells;

    public ConfusionCounts() {
        this(new long[K * K]);
    }

    ConfusionCounts(long[] cells) {
        if (cells.length != K * K) {
            throw new IllegalArgumentException("expected " + K * K + " cells");
        }
        this.cells = cells;
    }

    /** Written as the class count (4) and its square of cells (8 each), so that the matrix can grow with the classes. */
    void write(StateWriter out) {
        out.writeInt(K);
        for (long cell : cells) {
            out.writeLong(cell);
        }
    }

    /**
     * What {@link #write} wrote ({@code sized}), or a format from before neutral was scored: 36 cells, six by six,
     * with no class count.
     */
    static ConfusionCounts read(StateReader in, boolean sized) {
        int classes = StateText.readClassCount(in, sized, "confusion matrix");
        long[] cells = new long[K * K];
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                cells[i * K + j] = in.readLong();
            }
        }
        return new ConfusionCounts(cells);
    }

    long[] cells() {
        return cells;
    }

    public void add(Emotion truth, Emotion predicted) {
        cells[truth.ordinal() * K + predicted.ordinal()]++;
    }

    public long n() {
        long n = 0;
        for (long c : cells) {
            n += c;
        }
        return n;
    }

    public long correct() {
        long correct = 0;
        for (int i = 0; i < K; i++) {
            correct += cells[i * K + i];
        }
        return correct;
    }

    /** The six emotions, and neutral if a neutral label or prediction was counted. */
    List<Emotion> classes() {
        return row(Emotion.NEUTRAL) > 0 || column(Emotion.NEUTRAL) > 0 ? Emotion.SEVEN : Emotion.SIX;
    }

    /** One-vs-rest recall per true class ({@link #classes}); null where the class never occurred. */
    public Map<String, Double> recall() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Emotion e : classes()) {
            long row = row(e);
            out.put(e.label(), row == 0 ? null : (double) cells[e.ordinal() * K + e.ordinal()] / row);
        }
        return out;
    }

    /** The confidence sequence of each class's recall (its examples are the samples); null where it never occurred. */
    public Map<String, Proportions.Interval> recallIntervals(ConfidenceSequence sequence) {
        Map<String, Proportions.Interval> out = new LinkedHashMap<>();
        for (Emotion e : classes()) {
            long row = row(e);
            out.put(e.label(), row == 0 ? null : sequence.interval(cells[e.ordinal() * K + e.ordinal()], row));
        }
        return out;
    }

    /** Labels of class {@code truth} (the samples of its recall). */
    public long examples(Emotion truth) {
        return row(truth);
    }

    /** Labels of class {@code truth} predicted as it. */
    long hits(Emotion truth) {
        return cells[truth.ordinal() * K + truth.ordinal()];
    }

    private long row(Emotion truth) {
        long row = 0;
        for (int j = 0; j < K; j++) {
            row += cells[truth.ordinal() * K + j];
        }
        return row;
    }

    private long column(Emotion predicted) {
        long column = 0;
        for (int i = 0; i < K; i++) {
            column += cells[i * K + predicted.ordinal()];
        }
        return column;
    }

    /** How often each class ({@link #classes}) was predicted. */
    public Map<String, Long> predicted() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Emotion e : classes()) {
            out.put(e.label(), column(e));
        }
        return out;
    }

    /** The matrix over {@link #classes}: six rows of six, or seven of seven once neutral was counted. */
    public List<List<Long>> rows() {
        List<Emotion> classes = classes();
        List<List<Long>> rows = new ArrayList<>();
        for (Emotion truth : classes) {
            List<Long> row = new ArrayList<>();
            for (Emotion predicted : classes) {
                row.add(cells[truth.ordinal() * K + predicted.ordinal()]);
            }
            rows.add(row);
        }
        return rows;
    }
}
