package io.emotionstream.fairness.sequential;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateWriter;

/**
 * Watches a group's rectifier {@code correct - confidence} for the moment the label-free estimate goes off by more
 * than a tolerance: a CUSUM e-detector (Shin, Ramdas and Rinaldo, "E-detectors: a nonparametric framework for
 * sequential change detection", New England Journal of Statistics in Data Science 2(2), 2024). For each side and a
 * few fixed bets lambda, {@code M_t = (1 + lambda s_t) max(M_{t-1}, 1)} with {@code s_t = -tolerance - r_t} (the
 * estimate too high) or {@code r_t - tolerance} (too low); while the mean rectifier stays within the tolerance each
 * factor has mean at most 1, so each side's average of the M's is an e-detector: alarming when it reaches
 * {@code threshold} takes at least {@code threshold} labels on average (the average run length) when nothing changed,
 * and an alarm of either side at least half as many. Unlike the
 * cumulative interval it forgets the past (the max with 1 restarts it), so a shift late in a version's life is found
 * in about as many labels as one at its start. Mutable.
 */
public final class ShiftDetector {
    static final double[] BETS = {0.1, 0.25, 0.5};
    /** Average run length, in labels of one group, before a false alarm (at least). */
    public static final double THRESHOLD = 1e6;

    /** Per side (estimate too high, too low) and bet. */
    private final double[] statistics = new double[2 * BETS.length];

    private boolean alarmed;

    public void add(double rectifier, double tolerance) {
        double tooHigh = -tolerance - rectifier;
        double tooLow = rectifier - tolerance;
        for (int i = 0; i < BETS.length; i++) {
            statistics[i] = (1 + BETS[i] * tooHigh) * Math.max(statistics[i], 1);
            statistics[BETS.length + i] = (1 + BETS[i] * tooLow) * Math.max(statistics[BETS.length + i], 1);
        }
        alarmed |= evidence() >= THRESHOLD;
    }

    /** The larger side's mean over the bets (each side is an e-detector; the alarm's run length holds per side). */
    public double evidence() {
        double high = 0;
        double low = 0;
        for (int i = 0; i < BETS.length; i++) {
            high += statistics[i] / BETS.length;
            low += statistics[BETS.length + i] / BETS.length;
        }
        return Math.max(high, low);
    }

    /** Whether either side has ever reached {@link #THRESHOLD}. */
    public boolean alarmed() {
        return alarmed;
    }

    /** Each statistic (8 each, per side then bet) | alarmed (1). */
    public void write(StateWriter out) {
        for (double v : statistics) {
            out.writeDouble(v);
        }
        out.writeBoolean(alarmed);
    }

    /** What {@link #write} wrote. */
    public static ShiftDetector read(StateReader in) {
        ShiftDetector detector = new ShiftDetector();
        for (int i = 0; i < detector.statistics.length; i++) {
            detector.statistics[i] = in.readDouble();
        }
        detector.alarmed = in.readBoolean();
        return detector;
    }
}
