package io.emotionstream.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelledSetTest {
    private static Sample sample(String id, String dataset) {
        return new Sample(id, Emotion.HAPPINESS, id, Map.of("dataset", dataset), new float[48 * 48]);
    }

    @Test
    void shouldKeepEachEventOnce() {
        LabelledSet set = new LabelledSet("dataset", 10);

        assertThat(set.add(sample("e1", "a"))).isTrue();
        assertThat(set.add(sample("e1", "a"))).isFalse();
        assertThat(set.add(sample("e1", "b"))).as("same event id, other group").isFalse();

        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void shouldBoundEachGroupSeparatelyAndEvictTheOldestFirst() {
        // given a small cap and one busy group
        LabelledSet set = new LabelledSet("dataset", 3);
        for (int i = 0; i < 10; i++) {
            set.add(sample("a" + i, "a"));
        }
        set.add(sample("b0", "b"));
        set.add(new Sample("x0", Emotion.FEAR, "x0", Map.of(), new float[48 * 48]));

        // then the busy group holds its newest three and the quiet groups are untouched
        assertThat(set.sizeByGroup()).containsExactly(Map.entry("a", 3), Map.entry("b", 1), Map.entry("unknown", 1));
        assertThat(set.samples()).extracting(Sample::id).containsExactlyInAnyOrder("a7", "a8", "a9", "b0", "x0");
    }
}
