package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.Emotion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BalanceTest {
    @Test
    void shouldShowEveryImageOnceWithoutBalancing() {
        List<Sample> train = samples("a", Map.of(Emotion.ANGER, 3, Emotion.FEAR, 9));

        List<Integer> epoch = Balance.NONE.epoch(train, new Random(1));

        assertThat(epoch).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void shouldShowEveryEmotionAsOftenAsTheMostFrequentOne() {
        // given 3 anger and 9 fear images
        List<Sample> train = samples("a", Map.of(Emotion.ANGER, 3, Emotion.FEAR, 9));

        // when
        List<Integer> epoch = Balance.CLASS.epoch(train, new Random(1));

        // then 9 of each, every image at least once
        Map<Emotion, Long> counts = epoch.stream().collect(Collectors.groupingBy(i -> train.get(i).label(),
                Collectors.counting()));
        assertThat(counts).containsEntry(Emotion.ANGER, 9L).containsEntry(Emotion.FEAR, 9L);
        assertThat(epoch).containsAll(java.util.stream.IntStream.range(0, 12).boxed().toList());
    }

    @Test
    void shouldGiveEveryDatasetAndEmotionTheSameWeight() {
        // given a large dataset and a small one
        List<Sample> train = new ArrayList<>(samples("big", Map.of(Emotion.ANGER, 20, Emotion.FEAR, 10)));
        train.addAll(samples("small", Map.of(Emotion.ANGER, 2, Emotion.FEAR, 4)));

        // when
        List<Integer> epoch = Balance.DATASET_AND_CLASS.epoch(train, new Random(1));

        // then each of the four (dataset, emotion) cells appears 20 times
        Map<String, Long> cells = epoch.stream().collect(Collectors.groupingBy(
                i -> train.get(i).groups().get("dataset") + "/" + train.get(i).label(), Collectors.counting()));
        assertThat(cells).hasSize(4).allSatisfy((cell, count) -> assertThat(count).isEqualTo(20L));
    }

    static List<Sample> samples(String dataset, Map<Emotion, Integer> counts) {
        List<Sample> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            for (int i = 0; i < e.getValue(); i++) {
                out.add(new Sample(dataset + e.getKey() + i, e.getKey(), dataset + "-s" + (i % 3),
                        Map.of("dataset", dataset), AugmentationTest.gradient()));
            }
        });
        return out;
    }

}
