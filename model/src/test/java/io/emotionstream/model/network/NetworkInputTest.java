package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.schemas.Emotion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class NetworkInputTest {

    @Test
    void shouldLayTensorsOutRowMajorInNchw() {
        float[] first = new float[48 * 48];
        float[] second = new float[48 * 48];
        first[0] = 0.25f;
        second[47 * 48 + 47] = 0.75f; // last pixel of the second image

        INDArray input = NetworkInput.of(List.of(first, second));

        assertThat(input.shape()).containsExactly(2, 1, 48, 48);
        assertThat(input.getFloat(0, 0, 0, 0)).isEqualTo(0.25f);
        assertThat(input.getFloat(1, 0, 47, 47)).isEqualTo(0.75f);
    }

    @Test
    void shouldRefuseATensorOfAnotherSize() {
        assertThatThrownBy(() -> NetworkInput.of(List.of(new float[10]))).hasMessageContaining("expected 2304");
    }

    @Test
    void shouldPickTheMostProbableEmotionAndTheFirstOnTies() {
        assertThat(Emotion.mostProbable(new float[] {0.1f, 0.1f, 0.1f, 0.5f, 0.1f, 0.1f}))
                .isEqualTo(Emotion.HAPPINESS);
        assertThat(Emotion.mostProbable(new float[] {0.3f, 0.3f, 0.1f, 0.1f, 0.1f, 0.1f}))
                .isEqualTo(Emotion.ANGER);
    }
}
