package io.emotionstream.trainer.split;

import io.emotionstream.datasets.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * K-fold cross-validation by person: every subject's images land in exactly one fold's test set, and no subject is on
 * both sides of any fold. With k equal to the number of subjects it is leave-one-subject-out (JAFFE's 10 posers).
 * Subjects are shuffled with the seed, then dealt largest first to the fold with the fewest images so far, which
 * keeps the folds' sizes close when subjects have very different image counts (CK+: 3 to 30).
 */
public final class SubjectFolds {
    /** One fold: the images it is tested on, and those it may learn from. */
    public record Fold(int index, List<Sample> train, List<Sample> test) {
        public Fold {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    private SubjectFolds() {}

    /** {@code k} folds, or one per subject when there are fewer subjects than that. */
    public static List<Fold> of(List<Sample> samples, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, not " + k);
        }
        Map<String, List<Sample>> bySubject = new LinkedHashMap<>();
        samples.forEach(s ->
                bySubject.computeIfAbsent(s.subject(), x -> new ArrayList<>()).add(s));
        if (bySubject.size() < 2) {
            throw new IllegalArgumentException(
                    "cross-validation by subject needs at least 2 subjects, found " + bySubject.size());
        }
        List<String> subjects = new ArrayList<>(bySubject.keySet());
        subjects.sort(Comparator.naturalOrder());
        Collections.shuffle(subjects, new Random(seed));
        // stable sort after the shuffle: equal sizes stay in shuffled order
        subjects.sort(
                Comparator.comparingInt((String s) -> bySubject.get(s).size()).reversed());
        int folds = Math.min(k, subjects.size());
        List<List<String>> assigned = new ArrayList<>();
        int[] sizes = new int[folds];
        for (int f = 0; f < folds; f++) {
            assigned.add(new ArrayList<>());
        }
        for (String subject : subjects) {
            int smallest = 0;
            for (int f = 1; f < folds; f++) {
                smallest = sizes[f] < sizes[smallest] ? f : smallest;
            }
            assigned.get(smallest).add(subject);
            sizes[smallest] += bySubject.get(subject).size();
        }
        List<Fold> result = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            Set<String> held = new HashSet<>(assigned.get(f));
            List<Sample> train = new ArrayList<>();
            List<Sample> test = new ArrayList<>();
            for (Sample s : samples) {
                (held.contains(s.subject()) ? test : train).add(s);
            }
            result.add(new Fold(f, train, test));
        }
        return result;
    }
}
