package io.emotionstream.streamapp.monitor;

/**
 * What a group's label-free estimate is built from: all its predictions ({@link PredictionTally}), and, over its
 * labelled predictions, the confidence sequence of the rectifier {@code correct - confidence} (mapped to [0, 1] as
 * {@code (correct - confidence + 1) / 2}), the correction of prediction-powered inference, and a detector of the
 * moment it moves beyond the tolerance ({@link ShiftDetector}).
 */
final class LabelFreeStats {
    final PredictionTally tally = new PredictionTally();
    final EmpiricalBernsteinSequence rectifier;
    final ShiftDetector shift = new ShiftDetector();

    LabelFreeStats() {
        this(new EmpiricalBernsteinSequence());
    }

    private LabelFreeStats(EmpiricalBernsteinSequence rectifier) {
        this.rectifier = rectifier;
    }
    /** The mix-drift e-value reached its threshold once: evidence, once there, is not taken back. */
    boolean drifted;

    void scored(boolean correct, double confidence, FairnessRules rules) {
        if (Double.isFinite(confidence)) {
            double rectifier = (correct ? 1 : 0) - confidence;
            this.rectifier.add((rectifier + 1) / 2, LabelFreeEstimates.rectifierAlpha(rules));
            shift.add(rectifier, rules.tolerance());
        }
    }

    /** After counting more predictions: whether the mix's e-value against {@code reference} now reaches the threshold. */
    void checkDrift(double[] reference, double threshold) {
        if (reference != null && !drifted) {
            drifted = MixDriftEvidence.logEValue(tally.emotions(), reference) >= Math.log(threshold);
        }
    }

    void write(StateWriter out) {
        tally.write(out);
        out.writeBoolean(drifted);
        rectifier.write(out);
        for (double v : shift.statistics) {
            out.writeDouble(v);
        }
        out.writeBoolean(shift.alarmed);
    }

    /** What {@link #write} wrote; {@code sized}: the tally carries its class count (see {@link PredictionTally#read}). */
    static LabelFreeStats read(StateReader in, boolean sized) {
        PredictionTally tally = PredictionTally.read(in, sized);
        boolean drifted = in.readBoolean();
        LabelFreeStats stats = new LabelFreeStats(EmpiricalBernsteinSequence.read(in));
        stats.tally.add(tally);
        stats.drifted = drifted;
        for (int i = 0; i < stats.shift.statistics.length; i++) {
            stats.shift.statistics[i] = in.readDouble();
        }
        stats.shift.alarmed = in.readBoolean();
        return stats;
    }
}
