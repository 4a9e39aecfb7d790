package io.emotionstream.trainer.protocol;

import io.emotionstream.datasets.GroupDefaults;
import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.eval.ClusteredProportion;
import io.emotionstream.trainer.eval.ClusteredProportion.Cluster;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A protocol's figures: accuracy over every held-out image with a 95% interval that counts people
 * ({@link ClusteredProportion}), the spread of the fold accuracies, recall per class and accuracy per group
 * (each with its interval), and the largest gap between a group attribute's values (the union's per-dataset gap).
 *
 * @param perGroup attribute -> value -> accuracy on that group's held-out images
 * @param gaps     attribute -> highest minus lowest accuracy among its values (attributes with two or more values)
 */
public record ProtocolSummary(
        String name,
        Protocol protocol,
        ClusteredProportion accuracy,
        FoldSpread folds,
        Map<Emotion, ClusteredProportion> recall,
        Map<String, Map<String, ClusteredProportion>> perGroup,
        Map<String, Double> gaps) {

    /** Mean, sample standard deviation, lowest and highest of the fold accuracies (folds with test images). */
    public record FoldSpread(int count, double mean, double sd, double min, double max) {
        static FoldSpread of(List<FoldResult> folds) {
            double[] accuracies = folds.stream()
                    .filter(f -> f.testImages() > 0)
                    .mapToDouble(FoldResult::accuracy)
                    .toArray();
            int k = accuracies.length;
            if (k == 0) {
                return new FoldSpread(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double mean = 0;
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double a : accuracies) {
                mean += a / k;
                min = Math.min(min, a);
                max = Math.max(max, a);
            }
            double squares = 0;
            for (double a : accuracies) {
                squares += (a - mean) * (a - mean);
            }
            return new FoldSpread(k, mean, k > 1 ? Math.sqrt(squares / (k - 1)) : 0, min, max);
        }
    }

    public static ProtocolSummary of(ProtocolResult result) {
        List<OutOfFold> all = result.predictions();
        Map<Emotion, ClusteredProportion> recall = new EnumMap<>(Emotion.class);
        boolean neutral =
                all.stream().anyMatch(p -> p.sample().label() == Emotion.NEUTRAL || p.predicted() == Emotion.NEUTRAL);
        for (Emotion e : neutral ? Emotion.SEVEN : Emotion.SIX) {
            recall.put(e, byPerson(all, p -> p.sample().label() == e));
        }
        Map<String, Map<String, ClusteredProportion>> perGroup = new TreeMap<>();
        Map<String, Double> gaps = new TreeMap<>();
        Map<String, List<String>> values = new TreeMap<>();
        all.forEach(p -> p.sample().groups().forEach((attribute, value) -> {
            List<String> seen = values.computeIfAbsent(attribute, a -> new ArrayList<>());
            if (!seen.contains(value)) {
                seen.add(value);
            }
        }));
        values.forEach((attribute, groupValues) -> {
            Map<String, ClusteredProportion> scores = new TreeMap<>();
            groupValues.forEach(v -> scores.put(
                    v, byPerson(all, p -> v.equals(p.sample().groups().get(attribute)))));
            perGroup.put(attribute, scores);
            if (scores.size() > 1) {
                double high = scores.values().stream()
                        .mapToDouble(ClusteredProportion::estimate)
                        .max()
                        .orElseThrow();
                double low = scores.values().stream()
                        .mapToDouble(ClusteredProportion::estimate)
                        .min()
                        .orElseThrow();
                gaps.put(attribute, high - low);
            }
        });
        return new ProtocolSummary(
                result.name(),
                result.protocol(),
                byPerson(all, p -> true),
                FoldSpread.of(result.folds()),
                recall,
                perGroup,
                gaps);
    }

    /** Who an image shows: dataset and subject, as subject ids may repeat across datasets. */
    static String person(Sample sample) {
        return sample.groups().getOrDefault(GroupDefaults.DATASET, "") + "/" + sample.subject();
    }

    /** Hits among the selected predictions, one cluster per person. */
    static ClusteredProportion byPerson(List<OutOfFold> predictions, Predicate<OutOfFold> selected) {
        Map<String, int[]> people = new LinkedHashMap<>();
        for (OutOfFold p : predictions) {
            if (selected.test(p)) {
                String person = person(p.sample());
                int[] counts = people.computeIfAbsent(person, x -> new int[2]);
                counts[0]++;
                counts[1] += p.correct() ? 1 : 0;
            }
        }
        return ClusteredProportion.of(
                people.values().stream().map(c -> new Cluster(c[0], c[1])).toList());
    }
}
