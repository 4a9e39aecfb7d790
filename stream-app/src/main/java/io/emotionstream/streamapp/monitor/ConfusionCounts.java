package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A 6x6 confusion matrix (row = true class, column = predicted) and what follows from it. Mutable, small. */
public final class ConfusionCounts {
    static final int K = Emotion.SIX_COUNT;
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

    public void add(Emotion truth, Emotion predicted) {
        cells[truth.ordinal() * K + predicted.ordinal()]++;
    }

    long[] cells() {
        return cells;
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

    /** One-vs-rest recall per true class; null where the class never occurred. */
    public Map<String, Double> recall() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Emotion e : Emotion.SIX) {
            long row = row(e);
            out.put(e.label(), row == 0 ? null : (double) cells[e.ordinal() * K + e.ordinal()] / row);
        }
        return out;
    }

    /** The confidence sequence of each class's recall (its examples are the samples); null where it never occurred. */
    public Map<String, Proportions.Interval> recallIntervals(ConfidenceSequence sequence) {
        Map<String, Proportions.Interval> out = new LinkedHashMap<>();
        for (Emotion e : Emotion.SIX) {
            long row = row(e);
            out.put(e.label(), row == 0 ? null : sequence.interval(cells[e.ordinal() * K + e.ordinal()], row));
        }
        return out;
    }

    /** Labels of class {@code truth} (the samples of its recall). */
    long examples(Emotion truth) {
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

    public Map<String, Long> predicted() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Emotion e : Emotion.SIX) {
            long column = 0;
            for (int i = 0; i < K; i++) {
                column += cells[i * K + e.ordinal()];
            }
            out.put(e.label(), column);
        }
        return out;
    }

    public List<List<Long>> rows() {
        List<List<Long>> rows = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            List<Long> row = new ArrayList<>();
            for (int j = 0; j < K; j++) {
                row.add(cells[i * K + j]);
            }
            rows.add(row);
        }
        return rows;
    }
}
