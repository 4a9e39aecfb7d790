package io.emotionstream.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitor's aggregates and outcomes carry a format version; values written before it still restore. */
class StateFormatsTest {
    /** The confusion cells of every format written before neutral was scored. */
    private static final int SIX_BY_SIX = Emotion.SIX_COUNT * Emotion.SIX_COUNT;

    @Test
    void shouldRoundTripScopeStatsWithGroupNamesLongerThanWriteUtfAllows() {
        ScopeStats stats = new ScopeStats().add("g".repeat(70_000), Emotion.ANGER, Emotion.FEAR, 42, 4)
                .add("b", Emotion.HAPPINESS, Emotion.HAPPINESS, 41, 4);

        byte[] bytes = stats.toBytes();
        ScopeStats back = ScopeStats.fromBytes(bytes);

        assertThat(bytes[0]).isEqualTo(ScopeStats.FORMAT_VERSION);
        assertThat(back.latestEventTime()).isEqualTo(42);
        assertThat(back.groups()).containsOnlyKeys("g".repeat(70_000), "b");
        assertThat(back.groups().get("b").cells()).isEqualTo(stats.groups().get("b").cells());
    }

    @Test
    void shouldRestoreScopeStatsWrittenBeforeTheFormatVersion() throws IOException {
        // given the version-0 layout, written the way the previous release wrote it
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(1_764_000_000_000L);
        out.writeInt(1);
        out.writeUTF("east_asian");
        for (int i = 0; i < SIX_BY_SIX; i++) {
            out.writeLong(i);
        }

        ScopeStats stats = ScopeStats.fromBytes(bytes.toByteArray());

        assertThat(stats.latestEventTime()).isEqualTo(1_764_000_000_000L);
        // the last of its six by six cells (surprise predicted as surprise) is that cell of the seven by seven
        assertThat(stats.groups().get("east_asian").hits(Emotion.SURPRISE)).isEqualTo(35);
        assertThat(stats.groups().get("east_asian").n()).isEqualTo(35 * 36 / 2);
    }

    @Test
    void shouldRestoreVersion1ScopeStatsWithoutAnAuditAndAuditFromTheNextLabel() throws IOException {
        // given the version-1 layout (before the fairness audit)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeOneGroupOfOnes(out, 1);

        // when it is read and a label arrives
        ScopeStats stats = ScopeStats.fromBytes(bytes.toByteArray());
        assertThat(stats.audit()).isEmpty();
        stats.addAudited("white", Emotion.ANGER, Emotion.ANGER, 1_764_000_000_001L, new FairnessRules(0.05, 7, 0.1, 30, 5));

        // then the counts carry on, and the audit starts with that label
        assertThat(stats.groups().get("white").n()).isEqualTo(37);
        assertThat(stats.audit().orElseThrow().verdict(new FairnessRules(0.05, 7, 0.1, 30, 5)).labels()).isEqualTo(1);
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
        assertThat(a.rectifier.interval()).isEqualTo(stats.labelFree("a").orElseThrow().rectifier.interval());
        assertThat(back.referenceMix()).hasValueSatisfying(mix -> assertThat(mix).containsExactly(reference));
        assertThat(back.calibrated()).isTrue();
        assertThat(back.audit()).isPresent();
    }

    @Test
    void shouldRestoreVersion2ScopeStatsWithoutLabelFreeFigures() throws IOException {
        // given the version-2 layout (coverage and audit flag, no label-free figures)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeOneGroupOfOnesWithCoverage(out, 2);
        out.writeBoolean(false);

        ScopeStats stats = ScopeStats.fromBytes(bytes.toByteArray());

        assertThat(stats.coverage("white").unlabelled()).isEqualTo(4);
        assertThat(stats.labelFree("white")).isEmpty();
        assertThat(stats.referenceMix()).isEmpty();
    }

    @Test
    void shouldReadScoredRecordsWrittenWithoutAConfidence() {
        // given a version-1 SCORED record (before the confidence)
        StateWriter v1 = new StateWriter();
        v1.writeByte(1);
        StateText.write(v1, "SCORED");
        StateText.write(v1, "a");
        StateText.write(v1, "ANGER");
        StateText.write(v1, "FEAR");
        v1.writeLong(7);
        v1.writeLong(8);
        ScopeOutcome scored = ScopeOutcome.fromBytes(v1.toByteArray());
        assertThat(scored).isEqualTo(new ScoredGroup("a", Emotion.ANGER, Emotion.FEAR, 7, 8));
        assertThat(((ScoredGroup) scored).confidence()).isNaN();
    }

    @Test
    void shouldRestoreVersion3ScopeStatsSixBySix_andScoreNeutralFromTheNextLabel() throws IOException {
        // given the version-3 layout (six by six cells, before neutral was scored)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeOneGroupOfOnesWithCoverage(out, 3);
        out.writeBoolean(false); // no label-free figures
        out.writeBoolean(false); // no audit
        out.writeBoolean(false); // not calibrated
        out.writeBoolean(false); // no reference mix

        // when it is read and a neutral label is scored
        ScopeStats stats = ScopeStats.fromBytes(bytes.toByteArray());
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

    /** The start of a scope-stats value of {@code version}: an event time, one group "white", 36 cells of 1. */
    private static void writeOneGroupOfOnes(DataOutputStream out, int version) throws IOException {
        out.writeByte(version);
        out.writeLong(1_764_000_000_000L);
        out.writeInt(1);
        byte[] name = "white".getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        for (int i = 0; i < SIX_BY_SIX; i++) {
            out.writeLong(1);
        }
    }

    /** {@link #writeOneGroupOfOnes}, then the group's label coverage (version 2 on): 36 labelled, 4 not, 1 s of delay. */
    private static void writeOneGroupOfOnesWithCoverage(DataOutputStream out, int version) throws IOException {
        writeOneGroupOfOnes(out, version);
        out.writeLong(36);
        out.writeLong(4);
        out.writeLong(1_000);
    }
}
