package io.emotionstream.fairness.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.schemas.Emotion;
import org.junit.jupiter.api.Test;

/**
 * The calibration benchmark on a small configuration (the full one, 1,000 streams of 20,000 labels, is
 * {@code ./emotion-stream calibrate-monitor --part verdicts}, docs/benchmarks.md, "Verdicts that stay valid while watched"): the monitor's verdicts, read after every
 * label, keep the family-wise false-alarm rate at or below alpha on fair streams where the rule used before does
 * not, and still find real gaps.
 */
class GapSimulationTest {
    private static final FairnessRules RULES = MonitorSettings.DEFAULT.fairness();
    private static final double[] EVEN = {0.5, 0.5};

    @Test
    void shouldKeepTheFamilyWiseFalseAlarmRateAtOrBelowAlphaOnFairStreams() {
        // given 300 fair streams of 3,000 predictions, each in a group of each of five attributes, 70% labelled alike
        double[][] attributes = {
            EVEN, {0.8, 0.2}, {0.5, 0.3, 0.2}, {0.4, 0.3, 0.15, 0.1, 0.05}, {0.25, 0.25, 0.25, 0.25}
        };

        // when the verdicts and the rule before are read after every prediction, fates released every 100
        GapSimulation.Outcome outcome =
                GapSimulation.family(attributes, 0.8, 0.7, 100, 300, 3_000, RULES, RULES.tolerance(), 1);

        // then any false UNFAIR or UNEVEN happens in at most alpha of the streams; the rule before alarms far more
        // often
        assertThat(outcome.sequentialAlarmRate()).isLessThanOrEqualTo(RULES.alpha());
        assertThat(outcome.legacyAlarmRate()).isGreaterThan(4 * RULES.alpha());
    }

    @Test
    void shouldFindATrueAccuracyGapOf0_20InMostStreamsWithinTwoThousandLabels() {
        GapSimulation.Scenario gap = GapSimulation.Scenario.accuracyGap("gap 0.20", EVEN, 0.8, 0.2);

        GapSimulation.Outcome outcome = GapSimulation.run(gap, 100, 2_000, RULES, RULES.tolerance(), true, 2);

        assertThat(outcome.sequentialAlarmRate()).isGreaterThanOrEqualTo(0.95);
        assertThat(GapSimulation.Outcome.quantile(outcome.sequentialDelays(), 0.5))
                .isBetween(100L, 1_000L);
    }

    @Test
    void shouldFindAGapInOneClassRecallThatTheAccuracyHardlyShows() {
        GapSimulation.Scenario gap = GapSimulation.Scenario.recallGap("fear 0.40", EVEN, 0.8, 0.4, Emotion.FEAR);

        GapSimulation.Outcome outcome = GapSimulation.run(gap, 50, 4_000, RULES, RULES.tolerance(), true, 3);

        assertThat(outcome.sequentialAlarmRate()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldSayTheLabelsAreUnevenWhenOneGroupIsLabelledLessOften() {
        // given the same model for both groups, but group 1's predictions labelled 40% of the time and group 0's 90%
        GapSimulation.Outcome outcome =
                GapSimulation.unevenLabels(EVEN, new double[] {0.9, 0.4}, 100, 50, 4_000, RULES, 5);

        // then nearly every stream finds it
        assertThat(outcome.sequentialAlarmRate()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldShowFairnessOnEqualGroupsGivenEnoughLabels() {
        GapSimulation.Scenario fair = GapSimulation.Scenario.accuracyGap("fair", EVEN, 0.8, 0);

        GapSimulation.Outcome outcome = GapSimulation.run(fair, 20, 12_000, RULES, RULES.tolerance(), false, 4);

        assertThat((double) outcome.fairAtEnd() / 20).isGreaterThanOrEqualTo(0.9);
    }
}
