package io.emotionstream.fairness;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scope's predictions counted since the last flush (the monitor's prediction tallies), labelled or not: per group a
 * {@link PredictionTally}, the reference mix of the model (the first one carried, null when none was) and whether its
 * probabilities were calibrated.
 */
public record GroupPredictions(Map<String, PredictionTally> groups, double[] referenceMix, boolean calibrated)
        implements ScopeOutcome {

    /** calibrated (1) | reference mix ({@link StateText#writeNullableShares}) | groups (4), each: name, its tally. */
    public void write(StateWriter out) {
        out.writeBoolean(calibrated);
        StateText.writeNullableShares(out, referenceMix);
        out.writeInt(groups.size());
        groups.forEach((group, tally) -> {
            StateText.write(out, group);
            tally.write(out);
        });
    }

    /** What {@link #write} wrote; {@code sized}: each tally carries its class count (see {@link PredictionTally#read}). */
    public static GroupPredictions read(StateReader in, boolean sized) {
        boolean calibrated = in.readBoolean();
        double[] reference = StateText.readNullableShares(in, Emotion.SIX_COUNT);
        int count = in.readInt();
        Map<String, PredictionTally> groups = new TreeMap<>();
        for (int g = 0; g < count; g++) {
            groups.put(StateText.read(in), PredictionTally.read(in, sized));
        }
        return new GroupPredictions(groups, reference, calibrated);
    }
}
