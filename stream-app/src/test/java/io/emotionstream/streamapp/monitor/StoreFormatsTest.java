package io.emotionstream.streamapp.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.fairness.GroupPredictions;
import io.emotionstream.fairness.PredictionTally;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import io.emotionstream.schemas.events.ModelRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The label join's and the alerts' changelogged values carry a format version; values an earlier release wrote
 * (committed as bytes in src/test/resources/state-formats) still restore. The fairness module's aggregates have
 * theirs in its own StateFormatsTest.
 */
class StoreFormatsTest {
    @Test
    void shouldRoundTripPredictionTallies() {
        // given tallies of two groups
        PredictionTallies.Tallies tallies = new PredictionTallies.Tallies();
        var prediction = EmotionPrediction.newBuilder()
                .setEventId("e")
                .setEventTime(Instant.EPOCH)
                .setSource("s")
                .setModelName("m")
                .setModelVersion(1)
                .setPredicted(EmotionLabel.FEAR)
                .setProbabilities(new EmotionProbabilities(0f, 0f, 0.9f, 0.1f, 0f, 0f, null))
                .setProcessingLatencyMs(0)
                .build();
        tallies.add("a", prediction, 4);
        tallies.add("b", prediction, 4);

        // when they go through their changelog format
        PredictionTallies.Tallies back = PredictionTallies.Tallies.serde()
                .deserializer()
                .deserialize("t", PredictionTallies.Tallies.serde().serializer().serialize("t", tallies));

        // then every figure is back
        GroupPredictions outcome = back.toOutcome();
        assertThat(outcome.groups()).containsOnlyKeys("a", "b");
        assertThat(outcome.groups().get("a").confidenceSum()).isCloseTo(0.9, within(1e-6));
        assertThat(outcome.calibrated()).isFalse();
        assertThat(outcome.referenceMix()).isNull();
    }

    @Test
    void shouldRestoreVersion1PredictionTalliesWithSixCountsEach() throws IOException {
        // given the version-1 layout: group a, 21 predictions, confidences summing to 10.5, six counts 1 to 6
        byte[] v1 = fixture("prediction-tallies-v1.bin");

        // when it is read
        GroupPredictions read = PredictionTallies.Tallies.serde()
                .deserializer()
                .deserialize("t", v1)
                .toOutcome();

        // then each class keeps its count and neutral starts at zero
        PredictionTally a = read.groups().get("a");
        assertThat(a.count()).isEqualTo(21);
        assertThat(a.confidenceSum()).isEqualTo(10.5);
        assertThat(a.predictedCounts()).containsExactly(1, 2, 3, 4, 5, 6, 0);
    }

    @Test
    void shouldRoundTripAHalfPair() {
        // given a challenger's half-pair
        ChallengerPairs.Half half = new ChallengerPairs.Half(ModelRole.CHALLENGER, "m", 2, true, 1_764_000_000_000L);

        // when it goes through its changelog format
        ChallengerPairs.Half back = ChallengerPairs.Half.serde()
                .deserializer()
                .deserialize("t", ChallengerPairs.Half.serde().serializer().serialize("t", half));

        // then it is the same
        assertThat(back).isEqualTo(half);
    }

    @Test
    void shouldStoreHeldLabelsByEmotionName_andRestoreOrdinalsWrittenBefore() throws IOException {
        // given a held label, and the version-0 bytes of the same (surprise by ordinal, times 10 and 20, matched)
        var serde = JoinState.HeldLabel.serde();
        var label = new JoinState.HeldLabel(Emotion.SURPRISE, 10, 20, true);

        // when it is written today, and both are read
        byte[] bytes = serde.serializer().serialize("t", label);

        // then today's names the emotion, and both read back as the label
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("SURPRISE");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(label);
        assertThat(serde.deserializer().deserialize("t", fixture("held-label-v0.bin")))
                .isEqualTo(label);
    }

    @Test
    void shouldRestoreAlertStateWrittenBeforeTheFormatVersion() throws IOException {
        // given an alert raised since 123, and the version-0 bytes of the same (9 bytes, no version)
        var serde = AlertProcessor.State.serde();
        var state = new AlertProcessor.State(true, 123);

        // when / then both read back as that state
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state)))
                .isEqualTo(state);
        assertThat(serde.deserializer().deserialize("t", fixture("alert-state-v0.bin")))
                .isEqualTo(state);
    }

    /**
     * A value as an earlier release wrote it, committed as bytes: a reader that stops reading it fails here. Never
     * regenerate one from today's writers.
     */
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StoreFormatsTest.class.getResourceAsStream("/state-formats/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
