package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.EmpiricalBernsteinSequence;
import io.emotionstream.fairness.sequential.MixDriftEvidence;
import io.emotionstream.fairness.sequential.ShiftDetector;
import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateWriter;

/**
 * What a group's label-free estimate is built from: all its predictions ({@link PredictionTally}), and, over its
 * labelled predictions, the confidence sequence of the rectifier {@code correct - confidence} (mapped to [0, 1] as
 * {@code (correct - confidence + 1) / 2}), the correction of prediction-powered inference, and a detector of the
 * moment it moves beyond the tolerance ({@link ShiftDetector}).
 */
public final class LabelFreeStats {
    final PredictionTally tally = new PredictionTally();
    final EmpiricalBernsteinSequence rectifier;
    final ShiftDetector shift;

    LabelFreeStats() {
        this(new EmpiricalBernsteinSequence(), new ShiftDetector());
    }

    private LabelFreeStats(EmpiricalBernsteinSequence rectifier, ShiftDetector shift) {
        this.rectifier = rectifier;
        this.shift = shift;
    }
    /** The mix-drift e-value reached its threshold once: evidence, once there, is not taken back. */
    boolean drifted;

    /** The group's predictions counted, labelled or not. */
    public long predictions() {
        return tally.count();
    }

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
        shift.write(out);
    }

    /** What {@link #write} wrote; {@code sized}: the tally carries its class count (see {@link PredictionTally#read}). */
    static LabelFreeStats read(StateReader in, boolean sized) {
        PredictionTally tally = PredictionTally.read(in, sized);
        boolean drifted = in.readBoolean();
        LabelFreeStats stats = new LabelFreeStats(EmpiricalBernsteinSequence.read(in), ShiftDetector.read(in));
        stats.tally.add(tally);
        stats.drifted = drifted;
        return stats;
    }
}
