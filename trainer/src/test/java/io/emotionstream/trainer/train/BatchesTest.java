package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.datasets.LabelShares;
import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchesTest {
    // anger, disgust, fear, happiness, sadness, surprise
    private static final Sample VOTED = new Sample(
            "fer1.png",
            Emotion.ANGER,
            "fer1",
            Map.of(),
            new float[1],
            LabelShares.ofVotes(Map.of(Emotion.ANGER, 6, Emotion.DISGUST, 4)));

    @Test
    void shouldPutTheWholeTargetOnTheLabelForMajorityTargets() {
        assertThat(Batches.targetRows(List.of(VOTED), Targets.MAJORITY, 0)).containsExactly(1, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldSplitTheTargetAsTheVotesWereSplitForVoteTargets() {
        assertThat(Batches.targetRows(List.of(VOTED), Targets.VOTES, 0)).containsExactly(0.6f, 0.4f, 0, 0, 0, 0);
    }

    @Test
    void shouldSpreadTheSmoothingEvenlyOverEitherKindOfTarget() {
        float[] rows = Batches.targetRows(List.of(VOTED), Targets.VOTES, 0.12);

        assertThat(rows).containsExactly(new float[] {0.548f, 0.372f, 0.02f, 0.02f, 0.02f, 0.02f}, within(1e-6f));
    }
}
