package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.GroupPredictions;
import io.emotionstream.fairness.PredictionTally;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import io.emotionstream.schemas.events.ModelRole;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The monitor's changelogged values carry a format version; values written before it still restore. */
class StoreFormatsTest {
    /** The confusion cells of every format written before neutral was scored. */
    private static final int SIX_BY_SIX = Emotion.SIX_COUNT * Emotion.SIX_COUNT;


    @Test
    void shouldRoundTripPredictionTalliesAndReadScoredRecordsWrittenWithoutAConfidence() {
        // given tallies of two groups with a reference mix
        PredictionTallies.Tallies tallies = new PredictionTallies.Tallies();
        var prediction = EmotionPrediction.newBuilder().setEventId("e").setEventTime(Instant.EPOCH)
                .setSource("s").setModelName("m").setModelVersion(1)
                .setPredicted(EmotionLabel.FEAR)
                .setProbabilities(new EmotionProbabilities(0f, 0f, 0.9f, 0.1f, 0f, 0f, null))
                .setProcessingLatencyMs(0).build();
        tallies.add("a", prediction, 4);
        tallies.add("b", prediction, 4);

        PredictionTallies.Tallies back = PredictionTallies.Tallies.serde().deserializer().deserialize("t",
                PredictionTallies.Tallies.serde().serializer().serialize("t", tallies));
        GroupPredictions outcome = back.toOutcome();
        assertThat(outcome.groups()).containsOnlyKeys("a", "b");
        assertThat(outcome.groups().get("a").confidenceSum()).isCloseTo(0.9, within(1e-6));
        assertThat(outcome.calibrated()).isFalse();
        assertThat(outcome.referenceMix()).isNull();

    }

    @Test
    void shouldRestoreVersion1PredictionTalliesWithSixCountsEach() {
        // given the version-1 layout: six predicted counts per group, before neutral
        StateWriter v1 = new StateWriter();
        v1.writeByte(1);
        v1.writeBoolean(false); // not calibrated
        v1.writeBoolean(false); // no reference mix
        v1.writeInt(1);
        StateText.write(v1, "a");
        v1.writeLong(21);
        v1.writeDouble(10.5);
        for (long c = 1; c <= 6; c++) {
            v1.writeLong(c);
        }

        // when it is read
        GroupPredictions read = PredictionTallies.Tallies.serde().deserializer().deserialize("t", v1.toByteArray()).toOutcome();

        // then each class keeps its count and neutral starts at zero
        PredictionTally a = read.groups().get("a");
        assertThat(a.count()).isEqualTo(21);
        assertThat(a.predictedCounts()).containsExactly(1, 2, 3, 4, 5, 6, 0);
    }

    @Test
    void shouldRoundTripAHalfPair() {
        // given a challenger's half-pair
        ChallengerPairs.Half half = new ChallengerPairs.Half(ModelRole.CHALLENGER, "m", 2, true, 1_764_000_000_000L);

        // when it goes through its changelog format
        ChallengerPairs.Half back = ChallengerPairs.Half.serde().deserializer().deserialize("t",
                ChallengerPairs.Half.serde().serializer().serialize("t", half));

        // then it is the same
        assertThat(back).isEqualTo(half);
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
