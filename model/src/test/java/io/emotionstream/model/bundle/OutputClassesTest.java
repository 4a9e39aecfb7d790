package io.emotionstream.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.schemas.Emotion;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputClassesTest {
    /** mini-Xception's order (FER2013's): angry, disgust, fear, happy, sad, surprise, neutral. */
    private static final List<String> FER_ORDER =
            List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral");

    @Test
    void shouldServeASevenClassNetworkOverTheSixByLeavingNeutralOut() {
        // given a row where neutral holds half of the mass
        OutputClasses classes = OutputClasses.of(FER_ORDER);
        float[] row = {0.05f, 0.05f, 0.05f, 0.25f, 0.05f, 0.05f, 0.5f};

        // when
        float[] six = classes.emotions(row);

        // then each emotion's share of the six, in Emotion order
        assertThat(classes.outputs()).isEqualTo(7);
        assertThat(classes.isIdentity()).isFalse();
        assertThat(six).containsExactly(new float[] {0.1f, 0.1f, 0.1f, 0.5f, 0.1f, 0.1f}, within(1e-6f));
    }

    @Test
    void shouldGiveASevenClassNetworksOwnClassesInEmotionOrderNeutralLast() {
        // given neutral first in the network's outputs
        OutputClasses classes =
                OutputClasses.of(List.of("neutral", "surprise", "sadness", "happiness", "fear", "disgust", "anger"));

        // when a row is read in the model's own classes
        float[] row = classes.inClassOrder(new float[] {0.4f, 0.3f, 0.1f, 0.1f, 0.05f, 0.03f, 0.02f});

        // then seven values in Emotion order, unscaled, neutral last; a six-class network has no neutral output
        assertThat(classes.classes()).containsExactly(Emotion.values());
        assertThat(row).containsExactly(0.02f, 0.03f, 0.05f, 0.1f, 0.1f, 0.3f, 0.4f);
        assertThat(Emotion.mostProbable(row)).isEqualTo(Emotion.NEUTRAL);
        assertThat(classes.outputOf(Emotion.NEUTRAL)).isZero();
        OutputClasses six = OutputClasses.of(Emotion.labels());
        assertThat(six.hasNeutral()).isFalse();
        assertThat(six.classes()).isEqualTo(Emotion.SIX);
        assertThatThrownBy(() -> six.outputOf(Emotion.NEUTRAL)).hasMessageContaining("no neutral output");
    }

    @Test
    void shouldReorderSixClassesGivenInAnotherOrder() {
        OutputClasses classes =
                OutputClasses.of(List.of("surprise", "sadness", "happiness", "fear", "disgust", "anger"));

        float[] six = classes.emotions(new float[] {0.6f, 0.2f, 0.1f, 0.05f, 0.03f, 0.02f});

        assertThat(Emotion.mostProbable(six)).isEqualTo(Emotion.SURPRISE);
        assertThat(six[Emotion.ANGER.ordinal()]).isEqualTo(0.02f);
        assertThat(OutputClasses.of(Emotion.labels()).isIdentity()).isTrue();
    }

    @Test
    void shouldRefuseLabelsThatAreNotTheSixEmotionsWithOrWithoutNeutral() {
        assertThatThrownBy(() -> OutputClasses.of(List.of("anger", "disgust", "fear", "happiness", "sadness")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("are not");
        assertThatThrownBy(() -> OutputClasses.of(
                        List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "contempt")))
                .hasMessageContaining("are not");
        assertThatThrownBy(() -> OutputClasses.of(
                        List.of("anger", "anger", "disgust", "fear", "happiness", "sadness", "surprise")))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> OutputClasses.of(FER_ORDER).emotions(new float[6]))
                .hasMessageContaining("expected 7");
    }
}
