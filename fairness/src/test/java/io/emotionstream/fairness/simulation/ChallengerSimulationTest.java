package io.emotionstream.fairness.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.schemas.monitor.PromotionDecision;
import org.junit.jupiter.api.Test;

/**
 * The challenger part of the calibration benchmark on a small configuration (the full one is
 * {@code ./emotion-stream calibrate-monitor --part challenger}, docs/benchmarks.md, "Accuracy before the labels"): replayed through the
 * monitor's own comparison, the promotion rule rarely promotes a challenger that is no better, or worse for a
 * minority group, and does promote one that is better for everyone.
 */
class ChallengerSimulationTest {
    private static final FairnessRules RULES = MonitorSettings.DEFAULT.fairness();

    @Test
    void shouldAlmostNeverPromoteAChallengerThatIsWorseForAMinorityGroup_evenIfBetterOverall() {
        var scenario = new ChallengerSimulation.Scenario(
                "worse for 20%", new double[] {0.8, 0.2}, new double[] {0.8, 0.8}, new double[] {0.85, 0.65}, 0.7);

        long[] promoted = ChallengerSimulation.until(scenario, PromotionDecision.PROMOTE, 200, 5_000, RULES, 1);
        long[] kept = ChallengerSimulation.until(scenario, PromotionDecision.KEEP_CHAMPION, 50, 20_000, RULES, 2);

        assertThat(LabelFreeSimulation.detectedShare(promoted)).isLessThanOrEqualTo(RULES.alpha());
        assertThat(LabelFreeSimulation.detectedShare(kept)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldPromoteAChallengerBetterForEveryGroup() {
        var scenario = new ChallengerSimulation.Scenario(
                "+0.10", new double[] {0.5, 0.5}, new double[] {0.75, 0.75}, new double[] {0.85, 0.85}, 0.7);

        long[] promoted = ChallengerSimulation.until(scenario, PromotionDecision.PROMOTE, 50, 10_000, RULES, 3);

        assertThat(LabelFreeSimulation.detectedShare(promoted)).isGreaterThanOrEqualTo(0.9);
        assertThat(GapSimulation.Outcome.quantile(promoted, 0.5)).isBetween(100L, 5_000L);
    }
}
