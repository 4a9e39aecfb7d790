package io.emotionstream.trainer.eval;

import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.train.Batches;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs a network over labelled samples (inference mode, no dropout) and scores it. */
public final class Evaluator {
    private static final int CHUNK = 256;
    /** Keras clips probabilities at 1e-7 before the log in cross-entropy; so do we, for comparable losses. */
    private static final double EPSILON = 1e-7;

    private Evaluator() {}

    public static Evaluation evaluate(MultiLayerNetwork network, List<Sample> samples) {
        return evaluate(predict(network, samples), samples);
    }

    /** A loaded bundle (trained or imported) scored on samples made with its preprocessing, over {@code classes}. */
    public static Evaluation evaluate(LoadedModel model, List<Sample> samples, ClassSet classes) {
        return evaluate(predict(model, samples, classes), samples);
    }

    /**
     * Scores probabilities, one row per sample in {@link Emotion} order (six, or seven with neutral), against the
     * samples' labels and groups. A label the row has no class for (a neutral face, to a six-class model) is a miss
     * with probability 0: a six-class model calls every neutral face an emotion.
     */
    public static Evaluation evaluate(float[][] probabilities, List<Sample> samples) {
        int[][] confusion = new int[Emotion.values().length][Emotion.values().length];
        Map<String, Map<String, GroupScore>> perGroup = new TreeMap<>();
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            int actual = sample.label().ordinal();
            int predicted = Emotion.mostProbable(probabilities[i]).ordinal();
            confusion[actual][predicted]++;
            boolean hit = actual == predicted;
            correct += hit ? 1 : 0;
            float p = actual < probabilities[i].length ? probabilities[i][actual] : 0f;
            lossSum += -Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, p)));
            sample.groups()
                    .forEach((attribute, value) -> perGroup.computeIfAbsent(attribute, a -> new TreeMap<>())
                            .merge(
                                    value,
                                    new GroupScore(1, hit ? 1 : 0),
                                    (a, b) -> new GroupScore(a.n() + b.n(), a.correct() + b.correct())));
        }
        int n = samples.size();
        return new Evaluation(n, n == 0 ? 0 : lossSum / n, n == 0 ? 0 : (double) correct / n, confusion, perGroup);
    }

    /** Class probabilities per sample, {@value #CHUNK} samples per forward pass (bounded activations). */
    public static float[][] predict(MultiLayerNetwork network, List<Sample> samples) {
        float[][] probabilities = new float[samples.size()][];
        for (int start = 0; start < samples.size(); start += CHUNK) {
            List<Sample> chunk = samples.subList(start, Math.min(samples.size(), start + CHUNK));
            INDArray out = network.output(Batches.features(chunk), false);
            float[][] rows = out.toFloatMatrix();
            System.arraycopy(rows, 0, probabilities, start, rows.length);
        }
        return probabilities;
    }

    /**
     * Probabilities per sample from a loaded bundle over the classes the data was loaded with, {@value #CHUNK} samples
     * per forward pass: for the six, the six emotions alone (a seven-class model's neutral output left out and the six
     * renormalised: which emotion it sees, the question six-class data can ask of any model); for seven, the model's
     * own classes, as served (a six-class model has no neutral to give).
     */
    public static float[][] predict(LoadedModel model, List<Sample> samples, ClassSet classes) {
        return classes == ClassSet.SIX ? predict(samples, model::probabilities) : served(model, samples);
    }

    /** Probabilities per sample as serving publishes them: the model's own classes, neutral included if it has it. */
    public static float[][] served(LoadedModel model, List<Sample> samples) {
        return predict(samples, model::classProbabilities);
    }

    private static float[][] predict(List<Sample> samples, Function<List<float[]>, float[][]> forward) {
        float[][] probabilities = new float[samples.size()][];
        for (int start = 0; start < samples.size(); start += CHUNK) {
            List<Sample> chunk = samples.subList(start, Math.min(samples.size(), start + CHUNK));
            float[][] rows = forward.apply(chunk.stream().map(Sample::pixels).toList());
            System.arraycopy(rows, 0, probabilities, start, rows.length);
        }
        return probabilities;
    }
}
