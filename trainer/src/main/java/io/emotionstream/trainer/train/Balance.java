package io.emotionstream.trainer.train;

import io.emotionstream.datasets.GroupDefaults;
import io.emotionstream.datasets.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What one epoch draws from the training images. An epoch stays as long as the training set (the same number of
 * gradient steps with and without balancing, so the two compare at equal cost); a balanced epoch shares those draws
 * equally between its cells (emotions, or datasets and emotions), each cell going through its images in a fresh
 * random order before repeating any. Oversampling the small cells and undersampling the large ones rather than
 * weighting the loss keeps the network and its loss the seed's; with augmentation a repeated image is not an
 * identical one.
 */
public enum Balance {
    /** Every image once per epoch: the seed's training. */
    NONE,
    /** Every emotion as often as the most frequent one (CK+ has 3.3 times more surprise than fear). */
    CLASS,
    /** Every dataset as often as the largest, and within it every emotion alike: the union's recipe. */
    DATASET_AND_CLASS;

    public static Balance parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown balance '" + text + "' (expected none, class or dataset-and-class)");
        }
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The indices of one epoch's images into {@code train}, shuffled. */
    public List<Integer> epoch(List<Sample> train, Random random) {
        List<Integer> indices = new ArrayList<>();
        if (this == NONE) {
            for (int i = 0; i < train.size(); i++) {
                indices.add(i);
            }
        } else {
            Map<String, List<Integer>> cells = new TreeMap<>();
            for (int i = 0; i < train.size(); i++) {
                Sample s = train.get(i);
                String dataset = this == DATASET_AND_CLASS ? s.groups().getOrDefault(GroupDefaults.DATASET, "") : "";
                cells.computeIfAbsent(dataset + "/" + s.label(), k -> new ArrayList<>())
                        .add(i);
            }
            List<List<Integer>> shuffledCells = new ArrayList<>(cells.values());
            Collections.shuffle(shuffledCells, random); // which cells get the remainder's extra draw
            int share = train.size() / shuffledCells.size();
            int remainder = train.size() % shuffledCells.size();
            for (int c = 0; c < shuffledCells.size(); c++) {
                List<Integer> cell = new ArrayList<>(shuffledCells.get(c));
                int draws = share + (c < remainder ? 1 : 0);
                for (int d = 0; d < draws; d++) {
                    if (d % cell.size() == 0) {
                        Collections.shuffle(cell, random);
                    }
                    indices.add(cell.get(d % cell.size()));
                }
            }
        }
        Collections.shuffle(indices, random);
        return indices;
    }
}
