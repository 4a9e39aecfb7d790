package io.emotionstream.model.bundle;

import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a network's outputs is which class. A manifest lists its classes in output order: the six emotions in
 * any order and, for seven-class networks (imported ones such as mini-Xception, or fine-tuned with neutral faces),
 * {@value #NEUTRAL}.
 *
 * <p>Two views of one output row: {@link #inClassOrder} the model's own classes ({@link Emotion} order, neutral last),
 * what serving publishes and evaluation on data with neutral faces scores; {@link #emotions} the six emotions alone:
 * the neutral output is left out and the six probabilities are divided by their sum (the emotion the network ranks
 * first among the six, with its share of them), what evaluation on six-class data scores, so that a seven-class model
 * and a six-class one are compared on the same question.
 */
public final class OutputClasses {
    public static final String NEUTRAL = "neutral";

    private final int outputs;
    /** Network output index of each class, by {@link Emotion} ordinal; -1 for neutral when the network has none. */
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
                throw new BundleException(
                        BundleException.Reason.WRONG_LABELS, "label '" + label + "' appears twice in " + labels);
            }
            if (!Emotion.labels().contains(label) && !NEUTRAL.equals(label)) {
                unknown.add(label);
            }
        }
        if (!unknown.isEmpty() || !seen.containsAll(Emotion.labels())) {
            throw new BundleException(
                    BundleException.Reason.WRONG_LABELS,
                    "labels " + labels + " are not " + Emotion.labels() + " in some order, with or without '" + NEUTRAL
                            + "'");
        }
        int[] indexOf = Arrays.stream(Emotion.values())
                .mapToInt(e -> labels.indexOf(e.label()))
                .toArray();
        return new OutputClasses(labels.size(), indexOf);
    }

    /** Outputs the network has (6, or 7 with neutral). */
    public int outputs() {
        return outputs;
    }

    /** True when the network has a neutral output. */
    public boolean hasNeutral() {
        return indexOf[Emotion.NEUTRAL.ordinal()] >= 0;
    }

    /** The model's classes in {@link Emotion} order: the six, then neutral if it has it. */
    public List<Emotion> classes() {
        return hasNeutral() ? Emotion.SEVEN : Emotion.SIX;
    }

    /** The network output that is {@code emotion} (what a training target sets); refused for a class it does not have. */
    public int outputOf(Emotion emotion) {
        int index = indexOf[emotion.ordinal()];
        if (index < 0) {
            throw new IllegalArgumentException(
                    "the network has no " + emotion.label() + " output (classes " + classes() + ")");
        }
        return index;
    }

    /** True when output {@code i} is emotion {@code i} for all six and there is no other output. */
    public boolean isIdentity() {
        return outputs == Emotion.SIX_COUNT
                && Arrays.equals(Arrays.copyOf(indexOf, Emotion.SIX_COUNT), new int[] {0, 1, 2, 3, 4, 5});
    }

    /** One network output row as the model's classes' probabilities, in {@link Emotion} order (neutral last). */
    public float[] inClassOrder(float[] networkRow) {
        checkLength(networkRow);
        List<Emotion> classes = classes();
        float[] row = new float[classes.size()];
        for (Emotion e : classes) {
            row[e.ordinal()] = networkRow[indexOf[e.ordinal()]];
        }
        return row;
    }

    /** The six emotions' probabilities in {@link Emotion} order, from one network output row. */
    public float[] emotions(float[] networkRow) {
        checkLength(networkRow);
        float[] six = new float[Emotion.SIX_COUNT];
        float sum = 0;
        for (int e = 0; e < six.length; e++) {
            six[e] = networkRow[indexOf[e]];
            sum += six[e];
        }
        for (int e = 0; e < six.length; e++) {
            six[e] = sum > 0 ? six[e] / sum : 1f / Emotion.SIX_COUNT;
        }
        return six;
    }

    private void checkLength(float[] networkRow) {
        if (networkRow.length != outputs) {
            throw new IllegalArgumentException(
                    "a network row has " + networkRow.length + " values, expected " + outputs);
        }
    }
}
