package io.emotionstream.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.FairnessState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sequential verdict of one attribute, label by label: UNFAIR on evidence against "all groups equal", FAIR when
 * the gap is shown below the tolerance, INSUFFICIENT_EVIDENCE until one or the other; resolution only by labels after
 * the raise; and the persisted form continues exactly where it left off.
 */
class FairnessAuditTest {
    /** alpha 0.05 over a family of 7 rates (one attribute), tolerance 0.10, min samples 30, at most 5 groups. */
    private static final FairnessRules RULES = new FairnessRules(0.05, 7, 0.10, 30, 5);

    private static final Emotion[] EMOTIONS = Emotion.SIX.toArray(Emotion[]::new);

    private final SplittableRandom random = new SplittableRandom(17);
    private long time;

    @Test
    void shouldSayInsufficientEvidenceBeforeTheLabelsShowEitherWay() {
        ScopeStats stats = feed(new ScopeStats(), 100, 0.8, 0.8);

        assertThat(stats.audit().orElseThrow().state(RULES)).isEqualTo(FairnessState.INSUFFICIENT_EVIDENCE);
    }

    @Test
    void shouldSayUnfairWhenOneGroupIsWorseAndNameIt() {
        // given group "b" right half as often as "a"
        ScopeStats stats = feed(new ScopeStats(), 400, 0.9, 0.45);

        // then the verdict is UNFAIR, raised by accuracy, with b lowest
        FairnessAudit audit = stats.audit().orElseThrow();
        FairnessAudit.Verdict verdict = audit.verdict(RULES);
        assertThat(verdict.state()).isEqualTo(FairnessState.UNFAIR);
        FairnessAudit.Raise raise = verdict.raise().orElseThrow();
        assertThat(raise.rate()).isEqualTo(Rate.ACCURACY);
        assertThat(raise.lowest()).isEqualTo("b");
        assertThat(raise.highest()).isEqualTo("a");
        assertThat(raise.logEValue()).isGreaterThanOrEqualTo(Math.log(RULES.evidenceThreshold()));
        assertThat(raise.gap()).isGreaterThan(0.2);
    }

    @Test
    void shouldShowFairnessOnceEqualGroupsHaveEnoughLabels() {
        // given two equal groups and 12,000 labels
        ScopeStats stats = feed(new ScopeStats(), 12_000, 0.8, 0.8);

        // then the accuracy gap is shown below the tolerance: FAIR, with its bounds inside [0, tolerance)
        FairnessAudit.Verdict verdict = stats.audit().orElseThrow().verdict(RULES);
        assertThat(verdict.state()).isEqualTo(FairnessState.FAIR);
        FairnessAudit.RateVerdict accuracy = verdict.rates().get(0);
        assertThat(accuracy.rate()).isEqualTo(Rate.ACCURACY);
        assertThat(accuracy.state()).isEqualTo(FairnessState.FAIR);
        assertThat(accuracy.gap().gapLow()).isZero();
        assertThat(accuracy.gap().gapHigh())
                .isLessThan(RULES.tolerance())
                .isGreaterThan(accuracy.gap().gap());
        assertThat(verdict.rates()).hasSize(1 + Emotion.SIX_COUNT);
    }

    @Test
    void shouldTestEachClassRecallOnItsOwn() {
        // given equal accuracy on every class but fear, which group "b" recognises 40% less often
        ScopeStats stats = new ScopeStats();
        for (int t = 0; t < 6_000; t++) {
            String group = t % 2 == 0 ? "a" : "b";
            Emotion truth = EMOTIONS[random.nextInt(EMOTIONS.length)];
            double chance = truth == Emotion.FEAR && group.equals("b") ? 0.4 : 0.8;
            add(stats, group, truth, chance);
        }

        // then fear's recall raised it
        FairnessAudit.Verdict verdict = stats.audit().orElseThrow().verdict(RULES);
        assertThat(verdict.state()).isEqualTo(FairnessState.UNFAIR);
        assertThat(verdict.raise().orElseThrow().rate().code()).isEqualTo("recall_fear");
        assertThat(verdict.raise().orElseThrow().lowest()).isEqualTo("b");
    }

    @Test
    void shouldResolveOnlyWhenLabelsAfterTheRaiseShowTheGapClosed() {
        // given a raised verdict
        ScopeStats stats = feed(new ScopeStats(), 400, 0.9, 0.45);
        FairnessAudit audit = stats.audit().orElseThrow();
        assertThat(audit.unfair()).isTrue();

        // when "b" improves, a few labels are not enough to resolve it
        feed(stats, 200, 0.9, 0.9);
        assertThat(audit.state(RULES)).isEqualTo(FairnessState.UNFAIR);

        // then enough labels after the raise show the gap below the tolerance, and it is FAIR, its tests started again
        feed(stats, 12_000, 0.9, 0.9);
        FairnessAudit.Verdict verdict = audit.verdict(RULES);
        assertThat(verdict.state()).isEqualTo(FairnessState.FAIR);
        assertThat(verdict.raise()).isEmpty();
        assertThat(verdict.labels()).isLessThan(12_600);
    }

    @Test
    void shouldContinueFromItsPersistedFormExactlyAsItWouldHave() {
        // given an audit part-way through, and a copy read back from its persisted form
        ScopeStats original = feed(new ScopeStats(), 3_000, 0.8, 0.7);
        ScopeStats restored = ScopeStats.fromBytes(original.toBytes());

        // when both see the same further labels
        SplittableRandom labels = new SplittableRandom(99);
        for (int t = 0; t < 3_000; t++) {
            String group = labels.nextBoolean() ? "a" : "b";
            Emotion truth = EMOTIONS[labels.nextInt(EMOTIONS.length)];
            Emotion predicted = labels.nextDouble() < 0.75 ? truth : EMOTIONS[(truth.ordinal() + 1) % EMOTIONS.length];
            original.addAudited(group, truth, predicted, t, RULES);
            restored.addAudited(group, truth, predicted, t, RULES);
        }

        // then they agree to the last bit
        assertThat(restored.toBytes()).isEqualTo(original.toBytes());
        assertThat(restored.audit().orElseThrow().verdict(RULES))
                .isEqualTo(original.audit().orElseThrow().verdict(RULES));
    }

    /** Labels alternating between groups "a" and "b", right with the given chances, classes uniform. */
    private ScopeStats feed(ScopeStats stats, int labels, double chanceA, double chanceB) {
        for (int t = 0; t < labels; t++) {
            boolean a = t % 2 == 0;
            add(stats, a ? "a" : "b", EMOTIONS[random.nextInt(EMOTIONS.length)], a ? chanceA : chanceB);
        }
        return stats;
    }

    private void add(ScopeStats stats, String group, Emotion truth, double chance) {
        Emotion predicted = random.nextDouble() < chance
                ? truth
                : EMOTIONS[(truth.ordinal() + 1 + random.nextInt(EMOTIONS.length - 1)) % EMOTIONS.length];
        stats.addAudited(group, truth, predicted, ++time, RULES);
    }
}
