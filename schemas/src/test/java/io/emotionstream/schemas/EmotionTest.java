package io.emotionstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmotionTest {
    @Test
    void shouldReadNeutralAsALabelButNotAsADatasetAliasOfTheSix() {
        assertThat(Emotion.fromLabel("Neutral")).contains(Emotion.NEUTRAL);
        assertThat(Emotion.fromLabel(" NE ")).contains(Emotion.NEUTRAL);
        assertThat(Emotion.fromLabel("happy")).contains(Emotion.HAPPINESS);
        assertThat(Emotion.fromAlias("neutral")).isEmpty();
    }

    @Test
    void shouldLeaveAnythingElseUnscorable() {
        assertThat(Emotion.fromLabel("contempt")).isEmpty();
        assertThat(Emotion.fromLabel("")).isEmpty();
        assertThat(Emotion.fromLabel(null)).isEmpty();
    }

    @Test
    void shouldNameNeutralTheMostProbableClassOfASevenClassRow() {
        assertThat(Emotion.mostProbable(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.4f}))
                .isEqualTo(Emotion.NEUTRAL);
        assertThat(Emotion.mostProbable(new float[] {0.1f, 0.1f, 0.1f, 0.5f, 0.1f, 0.1f}))
                .isEqualTo(Emotion.HAPPINESS);
    }
}
