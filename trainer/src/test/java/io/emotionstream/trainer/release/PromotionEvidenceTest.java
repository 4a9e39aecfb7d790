package io.emotionstream.trainer.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PairedFigures;
import io.emotionstream.schemas.monitor.PromotionDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionEvidenceTest {
    @Test
    void shouldPromoteOnlyWhenEveryAttributeSaysPromote() {
        var evidence = PromotionEvidence.of(List.of(
                comparison("ethnicity", PromotionDecision.PROMOTE, null),
                comparison("dataset", PromotionDecision.PROMOTE, null)));

        assertThat(evidence.decision()).isEqualTo(PromotionDecision.PROMOTE);
        assertThat(evidence.comparisons())
                .extracting(ChallengerComparison::getAttribute)
                .containsExactly("dataset", "ethnicity");
        assertThat(evidence.summary())
                .contains("dataset: PROMOTE (1200 pairs, challenger - champion +0.050 [+0.010, +0.090]");
    }

    @Test
    void shouldKeepTheChampionWhenAnyAttributeShowsTheChallengerWorse() {
        var evidence = PromotionEvidence.of(List.of(
                comparison("ethnicity", PromotionDecision.KEEP_CHAMPION, "group b"),
                comparison("dataset", PromotionDecision.PROMOTE, null)));

        assertThat(evidence.decision()).isEqualTo(PromotionDecision.KEEP_CHAMPION);
        assertThat(evidence.summary()).contains("ethnicity: KEEP_CHAMPION").contains("decided by group b");
    }

    @Test
    void shouldSayInsufficientWithoutComparisonsOrWithAnyUndecidedAttribute() {
        assertThat(PromotionEvidence.of(List.of()).decision()).isEqualTo(PromotionDecision.INSUFFICIENT_EVIDENCE);
        assertThat(PromotionEvidence.of(List.of()).summary()).contains("no comparison");
        assertThat(PromotionEvidence.of(List.of(
                                comparison("ethnicity", PromotionDecision.INSUFFICIENT_EVIDENCE, "group c"),
                                comparison("dataset", PromotionDecision.PROMOTE, null)))
                        .decision())
                .isEqualTo(PromotionDecision.INSUFFICIENT_EVIDENCE);
    }

    static ChallengerComparison comparison(String attribute, PromotionDecision decision, String decidedBy) {
        PairedFigures figures = new PairedFigures(1200L, 900L, 960L, 100L, 40L, 0.05, 0.01, 0.09);
        return ChallengerComparison.newBuilder()
                .setModelName("faces")
                .setChampionVersion(1)
                .setChallengerVersion(2)
                .setAttribute(attribute)
                .setDecision(decision)
                .setDecidedBy(decidedBy)
                .setTolerance(0.1)
                .setAlpha(0.05)
                .setOverall(figures)
                .setGroups(Map.of("a", figures))
                .setClasses(Map.of("anger", figures))
                .build();
    }
}
