package io.emotionstream.trainer.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {

    @Test
    void shouldReproduceTheSeedsCkPlusSplitSizes() {
        // CK+48 without contempt: anger 135, disgust 177, fear 75, happiness 207, sadness 84, surprise 249 = 927
        List<Sample> ck = samples(new int[] {135, 177, 75, 207, 84, 249}, 3);

        Split split = Splitter.split(ck, SplitMode.RANDOM, 0.2, 0.1, 42);

        assertThat(split.trainPartitionSize()).isEqualTo(741);
        assertThat(split.test()).hasSize(186);
        assertThat(split.validation()).hasSize(75);
    }

    @Test
    void shouldReproduceTheSeedsJaffeTestSize() {
        List<Sample> jaffe = samples(new int[] {30, 29, 32, 31, 31, 30}, 10);

        assertThat(Splitter.split(jaffe, SplitMode.RANDOM, 1.0 / 3, 0.1, 42).test())
                .hasSize(61);
    }

    @Test
    void shouldStratifyRandomSplitsByLabel() {
        List<Sample> data = samples(new int[] {100, 50, 50, 100, 50, 50}, 20);

        Split split = Splitter.split(data, SplitMode.RANDOM, 0.2, 0.0, 1);

        assertThat(count(split.test(), Emotion.ANGER)).isEqualTo(20);
        assertThat(count(split.test(), Emotion.DISGUST)).isEqualTo(10);
        assertThat(split.validation()).isEmpty();
    }

    @Test
    void shouldNeverPutASubjectOnBothSidesOfASubjectSplit() {
        List<Sample> data = samples(new int[] {40, 40, 40, 40, 40, 40}, 12);

        Split split = Splitter.split(data, SplitMode.SUBJECT, 0.25, 0.15, 3);

        Set<String> train = subjects(split.train());
        Set<String> validation = subjects(split.validation());
        Set<String> test = subjects(split.test());
        assertThat(train).doesNotContainAnyElementsOf(test).doesNotContainAnyElementsOf(validation);
        assertThat(validation).doesNotContainAnyElementsOf(test);
        assertThat(split.test().size()).isBetween(60, 80);
        assertThat(split.train().size()
                        + split.validation().size()
                        + split.test().size())
                .isEqualTo(240);
    }

    @Test
    void shouldBeDeterministicForASeedAndDifferAcrossSeeds() {
        List<Sample> data = samples(new int[] {20, 20, 20, 20, 20, 20}, 6);

        List<String> a = ids(Splitter.split(data, SplitMode.RANDOM, 0.2, 0.1, 5).test());
        List<String> b = ids(Splitter.split(data, SplitMode.RANDOM, 0.2, 0.1, 5).test());
        List<String> c = ids(Splitter.split(data, SplitMode.RANDOM, 0.2, 0.1, 6).test());

        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    static List<Sample> samples(int[] perClass, int subjects) {
        List<Sample> out = new ArrayList<>();
        int id = 0;
        for (Emotion e : Emotion.SIX) {
            for (int i = 0; i < perClass[e.ordinal()]; i++) {
                out.add(new Sample("img" + id, e, "s" + (id % subjects), Map.of(), new float[0]));
                id++;
            }
        }
        return out;
    }

    private static long count(List<Sample> samples, Emotion e) {
        return samples.stream().filter(s -> s.label() == e).count();
    }

    private static Set<String> subjects(List<Sample> samples) {
        Set<String> out = new HashSet<>();
        samples.forEach(s -> out.add(s.subject()));
        return out;
    }

    private static List<String> ids(List<Sample> samples) {
        return samples.stream().map(Sample::id).toList();
    }
}
