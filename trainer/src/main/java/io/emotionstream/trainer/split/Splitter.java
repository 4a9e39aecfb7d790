package io.emotionstream.trainer.split;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded splits. Random mode is stratified like scikit-learn's {@code train_test_split(stratify=y)}: ceil(f * n)
 * test images shared out per class by largest remainder, so CK+ (927 images) at 0.2 gives 741 / 186 and JAFFE (183)
 * at 1/3 gives 61 test images, as in the seed. Subject mode assigns whole subjects.
 */
public final class Splitter {
    private Splitter() {}

    public static Split split(
            List<Sample> samples, SplitMode mode, double testFraction, double validationFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1) || !(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(
                    "fractions must be in (0, 1): test " + testFraction + ", validation " + validationFraction);
        }
        Random random = new Random(seed);
        List<List<Sample>> outer = divide(samples, mode, testFraction, random);
        List<Sample> trainPartition = outer.get(0);
        List<Sample> test = outer.get(1);
        List<Sample> validation = List.of();
        List<Sample> train = trainPartition;
        if (validationFraction > 0) {
            List<List<Sample>> inner = divide(trainPartition, mode, validationFraction, random);
            train = inner.get(0);
            validation = inner.get(1);
        }
        return new Split(mode, train, validation, test, testFraction, validationFraction, seed);
    }

    /**
     * Whole subjects held out, about {@code fraction} of the images, at least one subject kept: the early-stopping
     * images of a cross-validation fold. [kept, heldOut] in the input's order.
     */
    public static List<List<Sample>> holdOutSubjects(List<Sample> samples, double fraction, long seed) {
        return bySubject(samples, fraction, new Random(seed));
    }

    /** [kept, heldOut] in the input's order. */
    private static List<List<Sample>> divide(List<Sample> samples, SplitMode mode, double fraction, Random random) {
        return mode == SplitMode.RANDOM ? stratified(samples, fraction, random) : bySubject(samples, fraction, random);
    }

    private static List<List<Sample>> stratified(List<Sample> samples, double fraction, Random random) {
        Map<Emotion, List<Integer>> byClass = new EnumMap<>(Emotion.class);
        for (int i = 0; i < samples.size(); i++) {
            byClass.computeIfAbsent(samples.get(i).label(), e -> new ArrayList<>())
                    .add(i);
        }
        byClass.values().forEach(indices -> Collections.shuffle(indices, random));
        int heldOutTotal = (int) Math.ceil(fraction * samples.size());
        Map<Emotion, Integer> quota = new EnumMap<>(Emotion.class);
        Map<Emotion, Double> remainder = new EnumMap<>(Emotion.class);
        byClass.forEach((label, indices) -> {
            double exact = (double) indices.size() * heldOutTotal / samples.size();
            quota.put(label, (int) exact);
            remainder.put(label, exact - (int) exact);
        });
        int missing = heldOutTotal
                - quota.values().stream().mapToInt(Integer::intValue).sum();
        remainder.entrySet().stream()
                .sorted(Map.Entry.<Emotion, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(missing)
                .forEach(e -> quota.merge(e.getKey(), 1, Integer::sum));
        boolean[] heldOut = new boolean[samples.size()];
        byClass.forEach((label, indices) -> indices.subList(0, quota.get(label)).forEach(i -> heldOut[i] = true));
        return partition(samples, heldOut);
    }

    private static List<List<Sample>> bySubject(List<Sample> samples, double fraction, Random random) {
        Map<String, List<Integer>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            bySubject
                    .computeIfAbsent(samples.get(i).subject(), s -> new ArrayList<>())
                    .add(i);
        }
        List<String> subjects = new ArrayList<>(bySubject.keySet());
        subjects.sort(Comparator.naturalOrder());
        Collections.shuffle(subjects, random);
        double target = fraction * samples.size();
        boolean[] heldOut = new boolean[samples.size()];
        int taken = 0;
        // Keep at least one subject on the kept side, whatever the fraction.
        for (int s = 0; s < subjects.size() - 1 && taken < target; s++) {
            for (int i : bySubject.get(subjects.get(s))) {
                heldOut[i] = true;
                taken++;
            }
        }
        return partition(samples, heldOut);
    }

    private static List<List<Sample>> partition(List<Sample> samples, boolean[] heldOut) {
        List<Sample> kept = new ArrayList<>();
        List<Sample> held = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            (heldOut[i] ? held : kept).add(samples.get(i));
        }
        return List.of(kept, held);
    }
}
