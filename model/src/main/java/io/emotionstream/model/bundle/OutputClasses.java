package io.emotionstream.model.bundle;

import io.emotionstream.model.Emotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a network's outputs is which emotion. A manifest lists its classes in output order: the six emotions in
 * any order and, for networks trained with one (imported ones such as mini-Xception), {@value #NEUTRAL}.
 *
 * <p>Until the contracts carry a neutral class, a network with one is served over the six: the neutral output is
 * left out and the six probabilities are divided by their sum (the emotion the network ranks first among the six,
 * with its share of them). On a neutral face such a model still names an emotion, as every six-class model must.
 */
public final class OutputClasses {
    public static final String NEUTRAL = "neutral";

    private final int outputs;
    /** Network output index of each emotion, in {@link Emotion} order. */
    private final int[] indexOf;

    private OutputClasses(int outputs, int[] indexOf) {
        this.outputs = outputs;
        this.indexOf = indexOf;
    }

    /** The mapping of a manifest's labels; refuses duplicates, unknown names and a missing emotion. */
    public static OutputClasses of(List<String> labels) {
        Set<String> seen = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String label : labels) {
            if (!seen.add(label)) {
                throw new BundleException(BundleException.Reason.WRONG_LABELS, "label '" + label + "' appears twice in " + labels);
            }
            if (!Emotion.labels().contains(label) && !NEUTRAL.equals(label)) {
                unknown.add(label);
            }
        }
        if (!unknown.isEmpty() || !seen.containsAll(Emotion.labels())) {
            throw new BundleException(BundleException.Reason.WRONG_LABELS, "labels " + labels + " are not "
                    + Emotion.labels() + " in some order, with or without '" + NEUTRAL + "'");
        }
        int[] indexOf = Emotion.labels().stream().mapToInt(labels::indexOf).toArray();
        return new OutputClasses(labels.size(), indexOf);
    }

    /** Outputs the network has (6, or 7 with neutral). */
    public int outputs() {
        return outputs;
    }

    /** The network output that is {@code emotion} (what a training target sets to 1). */
    public int outputOf(Emotion emotion) {
        return indexOf[emotion.ordinal()];
    }

    /** True when output {@code i} is emotion {@code i} for all six and there is no other output. */
    public boolean isIdentity() {
        return outputs == Emotion.COUNT && Arrays.equals(indexOf, new int[] {0, 1, 2, 3, 4, 5});
    }

    /** The six emotions' probabilities in {@link Emotion} order, from one network output row. */
    public float[] emotions(float[] networkRow) {
        if (networkRow.length != outputs) {
            throw new IllegalArgumentException("a network row has " + networkRow.length + " values, expected " + outputs);
        }
        float[] six = new float[Emotion.COUNT];
        float sum = 0;
        for (int e = 0; e < six.length; e++) {
            six[e] = networkRow[indexOf[e]];
            sum += six[e];
        }
        for (int e = 0; e < six.length; e++) {
            six[e] = sum > 0 ? six[e] / sum : 1f / Emotion.COUNT;
        }
        return six;
    }
}
