package io.emotionstream.streamapp.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.Emotion;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The monitor's changelogged values carry a format version; values written before it still restore. */
class StoreFormatsTest {

    @Test
    void shouldRoundTripScopeStatsWithGroupNamesLongerThanWriteUtfAllows() {
        ScopeStats stats = new ScopeStats().add("g".repeat(70_000), Emotion.ANGER, Emotion.FEAR, 42, 4)
                .add("b", Emotion.HAPPINESS, Emotion.HAPPINESS, 41, 4);

        byte[] bytes = ScopeStats.serde().serializer().serialize("t", stats);
        ScopeStats back = ScopeStats.serde().deserializer().deserialize("t", bytes);

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
        for (int i = 0; i < ConfusionCounts.K * ConfusionCounts.K; i++) {
            out.writeLong(i);
        }

        ScopeStats stats = ScopeStats.serde().deserializer().deserialize("t", bytes.toByteArray());

        assertThat(stats.latestEventTime()).isEqualTo(1_764_000_000_000L);
        assertThat(stats.groups().get("east_asian").cells()[35]).isEqualTo(35);
    }

    @Test
    void shouldRestoreVersion1ScopeStatsWithoutAnAuditAndAuditFromTheNextLabel() throws IOException {
        // given the version-1 layout (before the fairness audit)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(1_764_000_000_000L);
        out.writeInt(1);
        byte[] name = "white".getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        for (int i = 0; i < ConfusionCounts.K * ConfusionCounts.K; i++) {
            out.writeLong(1);
        }

        // when it is read and a label arrives
        ScopeStats stats = ScopeStats.serde().deserializer().deserialize("t", bytes.toByteArray());
        assertThat(stats.audit()).isEmpty();
        stats.addAudited("white", Emotion.ANGER, Emotion.ANGER, 1_764_000_000_001L, new FairnessRules(0.05, 7, 0.1, 30, 5));

        // then the counts carry on, and the audit starts with that label
        assertThat(stats.groups().get("white").n()).isEqualTo(37);
        assertThat(stats.audit().orElseThrow().verdict(new FairnessRules(0.05, 7, 0.1, 30, 5)).labels()).isEqualTo(1);
    }

    @Test
    void shouldStoreHeldLabelsByEmotionName_andRestoreOrdinalsWrittenBefore() {
        var serde = JoinState.HeldLabel.serde();
        var label = new JoinState.HeldLabel(Emotion.SURPRISE, 10, 20, true);

        byte[] bytes = serde.serializer().serialize("t", label);
        byte[] legacy = ByteBuffer.allocate(21).putInt(Emotion.SURPRISE.ordinal()).putLong(10).putLong(20).put((byte) 1).array();

        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("SURPRISE");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(label);
        assertThat(serde.deserializer().deserialize("t", legacy)).isEqualTo(label);
    }

    @Test
    void shouldRestoreAlertStateWrittenBeforeTheFormatVersion() {
        var serde = AlertProcessor.State.serde();
        var state = new AlertProcessor.State(true, 123);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
        assertThat(serde.deserializer().deserialize("t", ByteBuffer.allocate(9).put((byte) 1).putLong(123).array()))
                .isEqualTo(state);
    }
}
