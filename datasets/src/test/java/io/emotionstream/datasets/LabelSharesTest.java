package io.emotionstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.schemas.Emotion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSharesTest {
    @Test
    void shouldGiveAllOfASingleLabelToIt() {
        LabelShares shares = LabelShares.of(Emotion.FEAR);

        assertThat(shares.shareOf(Emotion.FEAR)).isEqualTo(1f);
        assertThat(shares.asMap().values()).containsOnly(1f, 0f).hasSize(Emotion.values().length);
    }

    @Test
    void shouldNormaliseVoteCounts() {
        LabelShares shares = LabelShares.ofVotes(Map.of(Emotion.SADNESS, 3, Emotion.FEAR, 1));

        assertThat(shares.shareOf(Emotion.SADNESS)).isEqualTo(0.75f);
        assertThat(shares.shareOf(Emotion.FEAR)).isEqualTo(0.25f);
        assertThat(shares.shareOf(Emotion.ANGER)).isZero();
        assertThat(shares).isEqualTo(LabelShares.ofVotes(Map.of(Emotion.SADNESS, 6, Emotion.FEAR, 2)));
    }

    @Test
    void shouldRefuseVotesThatAreNotADistribution() {
        assertThatThrownBy(() -> LabelShares.ofVotes(Map.of(Emotion.ANGER, 0)))
                .hasMessage("no votes for any of the classes");
        assertThatThrownBy(() -> LabelShares.ofVotes(Map.of(Emotion.ANGER, 2, Emotion.FEAR, -1)))
                .hasMessageContaining("negative vote count");
    }
}
