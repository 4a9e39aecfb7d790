package io.emotionstream.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.Emotion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitor's aggregates and outcomes carry a format version; values written before it still restore. */
class StateFormatsTest {
    @Test
    void shouldRoundTripScopeStatsWithGroupNamesLongerThanWriteUtfAllows() {
        ScopeStats stats = new ScopeStats()
                .add("g".repeat(70_000), Emotion.ANGER, Emotion.FEAR, 42, 4)
                .add("b", Emotion.HAPPINESS, Emotion.HAPPINESS, 41, 4);

        byte[] bytes = stats.toBytes();
        ScopeStats back = ScopeStats.fromBytes(bytes);

        assertThat(bytes[0]).isEqualTo(ScopeStats.FORMAT_VERSION);
        assertThat(back.latestEventTime()).isEqualTo(42);
        assertThat(back.groups()).containsOnlyKeys("g".repeat(70_000), "b");
        assertThat(back.groups().get("b").cells())
                .isEqualTo(stats.groups().get("b").cells());
    }

    @Test
    void shouldRestoreScopeStatsWrittenBeforeTheFormatVersion() throws IOException {
        // given the version-0 layout: group "east_asian", its six by six cells counting 0 to 35, names by writeUTF
        ScopeStats stats = ScopeStats.fromBytes(fixture("scope-stats-v0.bin"));

        assertThat(stats.latestEventTime()).isEqualTo(1_764_000_000_000L);
        // the last of its six by six cells (surprise predicted as surprise) is that cell of the seven by seven
        assertThat(stats.groups().get("east_asian").hits(Emotion.SURPRISE)).isEqualTo(35);
        assertThat(stats.groups().get("east_asian").n()).isEqualTo(35 * 36 / 2);
    }

    @Test
    void shouldRestoreVersion1ScopeStatsWithoutAnAuditAndAuditFromTheNextLabel() throws IOException {
        // given the version-1 layout (before the fairness audit): group "white", 36 cells of 1
        // when it is read and a label arrives
        ScopeStats stats = ScopeStats.fromBytes(fixture("scope-stats-v1.bin"));
        assertThat(stats.audit()).isEmpty();
        stats.addAudited(
                "white", Emotion.ANGER, Emotion.ANGER, 1_764_000_000_001L, new FairnessRules(0.05, 7, 0.1, 30, 5));

        // then the counts carry on, and the audit starts with that label
        assertThat(stats.groups().get("white").n()).isEqualTo(37);
        assertThat(stats.audit()
                        .orElseThrow()
                        .verdict(new FairnessRules(0.05, 7, 0.1, 30, 5))
                        .labels())
                .isEqualTo(1);
    }

    @Test
    void shouldRoundTripTheLabelFreeFiguresAndTheReferenceMix() {
        // given a scope with counted predictions, a labelled one with its confidence, and a reference mix
        FairnessRules rules = new FairnessRules(0.05, 8, 0.1, 30, 5);
        PredictionTally tally = new PredictionTally();
        tally.count = 3;
        tally.confidenceSum = 2.1;
        tally.predicted[Emotion.HAPPINESS.ordinal()] = 3;
        double[] reference = {0.1, 0.1, 0.1, 0.5, 0.1, 0.1};
        ScopeStats stats = new ScopeStats()
                .addAudited(new GroupPredictions(Map.of("a", tally), reference, true), rules)
                .addAudited(new ScoredGroup("a", Emotion.HAPPINESS, Emotion.HAPPINESS, 5, 0, 0.7), rules);

        // when it goes through the changelog format
        ScopeStats back = ScopeStats.fromBytes(stats.toBytes());

        // then every figure the estimate is built from is back
        LabelFreeStats a = back.labelFree("a").orElseThrow();
        assertThat(a.tally.count).isEqualTo(3);
        assertThat(a.tally.confidenceSum).isEqualTo(2.1);
        assertThat(a.tally.predicted[Emotion.HAPPINESS.ordinal()]).isEqualTo(3);
        assertThat(a.rectifier.count()).isEqualTo(1);
        assertThat(a.rectifier.interval())
                .isEqualTo(stats.labelFree("a").orElseThrow().rectifier.interval());
        assertThat(back.referenceMix())
                .hasValueSatisfying(mix -> assertThat(mix).containsExactly(reference));
        assertThat(back.calibrated()).isTrue();
        assertThat(back.audit()).isPresent();
    }

    @Test
    void shouldRestoreVersion2ScopeStatsWithoutLabelFreeFigures() throws IOException {
        // given the version-2 layout (coverage: 36 labelled, 4 not; the audit flag; no label-free figures)
        ScopeStats stats = ScopeStats.fromBytes(fixture("scope-stats-v2.bin"));

        assertThat(stats.coverage("white").unlabelled()).isEqualTo(4);
        assertThat(stats.labelFree("white")).isEmpty();
        assertThat(stats.referenceMix()).isEmpty();
    }

    @Test
    void shouldReadScoredRecordsWrittenWithoutAConfidence() throws IOException {
        // given a version-1 SCORED record (before the confidence): group a, anger predicted as fear, times 7 and 8
        ScopeOutcome scored = ScopeOutcome.fromBytes(fixture("scope-outcome-scored-v1.bin"));
        assertThat(scored).isEqualTo(new ScoredGroup("a", Emotion.ANGER, Emotion.FEAR, 7, 8));
        assertThat(((ScoredGroup) scored).confidence()).isNaN();
    }

    @Test
    void shouldRestoreVersion3ScopeStatsSixBySix_andScoreNeutralFromTheNextLabel() throws IOException {
        // given the version-3 layout (six by six cells of 1, before neutral was scored; no label-free figures, audit,
        // calibration or reference mix)
        // when it is read and a neutral label is scored
        ScopeStats stats = ScopeStats.fromBytes(fixture("scope-stats-v3.bin"));
        stats.add("white", Emotion.NEUTRAL, Emotion.NEUTRAL, 1_764_000_000_001L, 8);

        // then the six by six counts carry on inside the larger matrix, and neutral joins them
        ConfusionCounts counts = stats.groups().get("white");
        assertThat(counts.n()).isEqualTo(37);
        assertThat(counts.hits(Emotion.SURPRISE)).isEqualTo(1);
        assertThat(counts.hits(Emotion.NEUTRAL)).isEqualTo(1);
        assertThat(counts.recall()).containsEntry("neutral", 1.0);
        assertThat(ScopeStats.fromBytes(stats.toBytes()).groups().get("white").cells())
                .isEqualTo(counts.cells());
    }

    @Test
    void shouldRoundTripAComparison() {
        // given a comparison of 40 pairs over two groups
        FairnessRules rules = new FairnessRules(0.05, 8, 0.1, 30, 5);
        ComparisonStats stats = new ComparisonStats();
        for (int i = 0; i < 40; i++) {
            stats.add(i % 2 == 0 ? "a" : "b", Emotion.SIX.get(i % 6), i % 3 == 0, i % 4 != 0, rules);
        }

        // when it goes through its changelog format
        ComparisonStats back = ComparisonStats.fromBytes(stats.toBytes());

        // then the published figures are the same
        assertThat(back.report("m", 1, 2, "x", rules)).isEqualTo(stats.report("m", 1, 2, "x", rules));
    }

    /**
     * A value as an earlier release wrote it, committed as bytes (src/test/resources/state-formats): a reader that
     * stops reading it fails here. Never regenerate one from today's writers.
     */
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StateFormatsTest.class.getResourceAsStream("/state-formats/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
