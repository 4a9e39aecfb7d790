package io.emotionstream.trainer.eval;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.ClassMetrics;
import io.emotionstream.schemas.model.EvalMetrics;
import io.emotionstream.schemas.model.GroupAccuracy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of one model on one set of images.
 *
 * @param confusion {@code confusion[actual][predicted]} by {@link Emotion} ordinal, neutral included
 * @param perGroup  attribute -> value -> accuracy, e.g. perGroup.get("dataset").get("jaffe")
 */
public record Evaluation(
        int n, double loss, double accuracy, int[][] confusion, Map<String, Map<String, GroupScore>> perGroup) {

    /** The six, and neutral when any image was neutral or called so (a seven-class model's report). */
    public List<Emotion> classes() {
        int n = Emotion.NEUTRAL.ordinal();
        if (confusion.length <= n) {
            return Emotion.SIX;
        }
        int neutral = Arrays.stream(confusion[n]).sum();
        for (int[] row : confusion) {
            neutral += row[n];
        }
        return neutral > 0 ? Emotion.SEVEN : Emotion.SIX;
    }

    /** How many images the model called {@code emotion}, rightly or not (its column of the confusion matrix). */
    public int predicted(Emotion emotion) {
        int column = emotion.ordinal();
        return column < confusion.length
                ? Arrays.stream(confusion).mapToInt(row -> row[column]).sum()
                : 0;
    }

    public List<ClassScore> perClass() {
        List<ClassScore> scores = new ArrayList<>();
        for (Emotion e : classes()) {
            int c = e.ordinal();
            int truePositives = confusion[c][c];
            int support = Arrays.stream(confusion[c]).sum();
            int predicted = 0;
            for (int[] row : confusion) {
                predicted += row[c];
            }
            double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
            double recall = support == 0 ? 0 : (double) truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.add(new ClassScore(e, precision, recall, f1, support));
        }
        return scores;
    }

    public EvalMetrics toAvro() {
        List<ClassMetrics> classes = perClass().stream()
                .map(s -> new ClassMetrics(s.label().label(), s.precision(), s.recall(), s.f1(), s.support()))
                .toList();
        int k = classes().size(); // a six-class report keeps the six-by-six matrix it always had
        List<List<Integer>> matrix = Arrays.stream(confusion)
                .limit(k)
                .map(row -> Arrays.stream(row).limit(k).boxed().toList())
                .toList();
        return new EvalMetrics(n, loss, accuracy, classes, matrix);
    }

    public Map<String, Map<String, GroupAccuracy>> perGroupAvro() {
        Map<String, Map<String, GroupAccuracy>> out = new LinkedHashMap<>();
        perGroup.forEach((attribute, values) -> {
            Map<String, GroupAccuracy> groups = new LinkedHashMap<>();
            values.forEach((value, score) ->
                    groups.put(value, new GroupAccuracy(score.n(), score.correct(), score.accuracy())));
            out.put(attribute, groups);
        });
        return out;
    }
}
