package io.emotionstream.streamapp.monitor;

import java.util.Map;

/**
 * A scope's predictions counted since the last flush ({@link PredictionTallies}), labelled or not: per group a
 * {@link PredictionTally}, the reference mix of the model (the first one carried, null when none was) and whether its
 * probabilities were calibrated.
 */
record GroupPredictions(Map<String, PredictionTally> groups, double[] referenceMix, boolean calibrated) implements ScopeOutcome {
}
