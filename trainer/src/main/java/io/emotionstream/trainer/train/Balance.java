package io.emotionstream.trainer.train;

import io.emotionstream.datasets.GroupDefaults;
import io.emotionstream.datasets.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What one epoch draws from the training images. Oversampling (repeating images of the smaller cells, each epoch a
 * fresh draw) rather than loss weights: the network and its loss stay the seed's, and with augmentation a repeated
 * image is not an identical one.
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
            throw new IllegalArgumentException("unknown balance '" + text + "' (expected none, class or dataset-and-class)");
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
            Map<String, List<Integer>> cells = new LinkedHashMap<>();
            for (int i = 0; i < train.size(); i++) {
                Sample s = train.get(i);
                String dataset = this == DATASET_AND_CLASS ? s.groups().getOrDefault(GroupDefaults.DATASET, "") : "";
                cells.computeIfAbsent(dataset + "/" + s.label(), k -> new ArrayList<>()).add(i);
            }
            int largest = cells.values().stream().mapToInt(List::size).max().orElse(0);
            for (List<Integer> cell : cells.values()) {
                indices.addAll(cell);
                for (int extra = cell.size(); extra < largest; extra++) {
                    indices.add(cell.get(random.nextInt(cell.size())));
                }
            }
        }
        java.util.Collections.shuffle(indices, random);
        return indices;
    }
}
