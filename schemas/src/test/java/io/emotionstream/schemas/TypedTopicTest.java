package io.emotionstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.events.GroundTruthLabel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TypedTopicTest {
    private final Topics topics = new Topics("i", "p", "d", "s", "m", "l", "bm", "ba");

    @Test
    void shouldPairEachSingleTypeTopicWithItsName() {
        Topics.Typed typed = topics.typed();

        assertThat(typed.images().name()).isEqualTo("i");
        assertThat(typed.predictions().name()).isEqualTo("p");
        assertThat(typed.shadowPredictions().name()).isEqualTo("s");
        assertThat(typed.labels().name()).isEqualTo("l");
        assertThat(typed.biasAlerts().name()).isEqualTo("ba");
    }

    @Test
    void shouldWriteWhatTheTopicsSerdeWritesAndReadItBack() {
        GroundTruthLabel label = new GroundTruthLabel("e1", "happiness", Instant.parse("2026-11-30T00:00:00Z"), "annotator");

        byte[] bytes = topics.typed().labels().encode(label);

        assertThat(bytes).isEqualTo(Topics.labelSerde().encode(label));
        assertThat(topics.typed().labels().decode(bytes)).isEqualTo(label);
    }
}
