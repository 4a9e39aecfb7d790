package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
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
    void shouldShareAnEpochEquallyBetweenTheEmotionsAtTheSameLength() {
        // given 3 anger and 9 fear images
        List<Sample> train = samples("a", Map.of(Emotion.ANGER, 3, Emotion.FEAR, 9));

        // when
        List<Integer> epoch = Balance.CLASS.epoch(train, new Random(1));

        // then still 12 draws, 6 of each emotion: every anger image twice, 6 different fear images
        Map<Emotion, List<Integer>> byEmotion =
                epoch.stream().collect(Collectors.groupingBy(i -> train.get(i).label()));
        assertThat(epoch).hasSize(12);
        assertThat(byEmotion.get(Emotion.ANGER)).hasSize(6);
        assertThat(new java.util.HashSet<>(byEmotion.get(Emotion.ANGER))).hasSize(3);
        assertThat(byEmotion.get(Emotion.FEAR)).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void shouldGiveEveryDatasetAndEmotionTheSameShare() {
        // given a large dataset and a small one: 36 images in four (dataset, emotion) cells
        List<Sample> train = new ArrayList<>(samples("big", Map.of(Emotion.ANGER, 20, Emotion.FEAR, 10)));
        train.addAll(samples("small", Map.of(Emotion.ANGER, 2, Emotion.FEAR, 4)));

        // when
        List<Integer> epoch = Balance.DATASET_AND_CLASS.epoch(train, new Random(1));

        // then each cell gets 9 of the 36 draws
        Map<String, Long> cells = epoch.stream()
                .collect(Collectors.groupingBy(
                        i -> train.get(i).groups().get("dataset") + "/"
                                + train.get(i).label(),
                        Collectors.counting()));
        assertThat(epoch).hasSize(36);
        assertThat(cells)
                .hasSize(4)
                .allSatisfy((cell, count) -> assertThat(count).isEqualTo(9L));
    }

    static List<Sample> samples(String dataset, Map<Emotion, Integer> counts) {
        List<Sample> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            for (int i = 0; i < e.getValue(); i++) {
                out.add(new Sample(
                        dataset + e.getKey() + i,
                        e.getKey(),
                        dataset + "-s" + (i % 3),
                        Map.of("dataset", dataset),
                        AugmentationTest.gradient()));
            }
        });
        return out;
    }
}
