package io.emotionstream.fairness.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import org.junit.jupiter.api.Test;

/**
 * The estimates part of the calibration benchmark on a small configuration (the full one is
 * {@code ./emotion-stream calibrate-monitor --part estimates}, docs/benchmarks.md, "Verdicts that stay valid while watched"): replayed through the
 * monitor's own statistics, the prediction-powered interval keeps its promise, the estimator's audit tells a model
 * whose confidence is off from one whose is not, and the mix-drift test alarms on a shifted mix only.
 */
class LabelFreeSimulationTest {
    private static final FairnessRules RULES = MonitorSettings.DEFAULT.fairness();
    private static final double[] REFERENCE = {0.1, 0.05, 0.1, 0.35, 0.2, 0.2};

    @Test
    void shouldCoverTheTrueAccuracyAtEveryFlushInAtLeast1MinusAlphaOfTheStreams_evenWhenTheConfidencesAreOff() {
        for (double shift : new double[] {0, -0.2}) {
            // given 200 streams of 5,000 predictions, 20% labelled, from a model calibrated or overconfident by 0.2
            var scenario = new LabelFreeSimulation.Scenario("shift " + shift, 4, shift, 0, 0.2);

            // when the estimate is read after every flush of 100 predictions
            var outcome =
                    LabelFreeSimulation.run(scenario, 200, 5_000, 100, RULES, MonitorSettings.DEFAULT.anytime(), 1);

            // then its interval ever missed the true accuracy in at most alpha of the streams
            assertThat((double) outcome.everMissed() / outcome.streams()).isLessThanOrEqualTo(RULES.alpha());
        }
    }

    @Test
    void shouldCallAnOverconfidentModelOffTarget_andACalibratedOneNever() {
        var calibrated = LabelFreeSimulation.run(
                new LabelFreeSimulation.Scenario("calibrated", 4, 0, 0, 0.2),
                100,
                5_000,
                100,
                RULES,
                MonitorSettings.DEFAULT.anytime(),
                2);
        var overconfident = LabelFreeSimulation.run(
                new LabelFreeSimulation.Scenario("off by 0.3", 4, -0.3, 0, 0.2),
                100,
                5_000,
                100,
                RULES,
                MonitorSettings.DEFAULT.anytime(),
                3);

        assertThat(calibrated.everOffTarget()).isZero();
        assertThat(overconfident.everOffTarget()).isEqualTo(100);
        assertThat(GapSimulation.Outcome.quantile(overconfident.labelsUntilOff(), 0.5))
                .isBetween(20L, 400L);
    }

    @Test
    void shouldCallAShiftedMixDrifted_andOneDrawnFromTheReferenceNot() {
        double[] shifted = REFERENCE.clone();
        shifted[3] -= 0.1;
        shifted[4] += 0.1;

        long[] fair = LabelFreeSimulation.mixDrift(REFERENCE, REFERENCE, 200, 5_000, 100, RULES, 4);
        long[] drifted = LabelFreeSimulation.mixDrift(REFERENCE, shifted, 50, 5_000, 100, RULES, 5);

        assertThat(LabelFreeSimulation.detectedShare(fair)).isLessThanOrEqualTo(RULES.alpha());
        assertThat(LabelFreeSimulation.detectedShare(drifted)).isEqualTo(1.0);
    }
}
