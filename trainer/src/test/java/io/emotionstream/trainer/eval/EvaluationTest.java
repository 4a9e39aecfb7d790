package io.emotionstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.Emotion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void shouldDerivePrecisionRecallAndF1FromTheConfusionMatrix() {
        int[][] confusion = new int[6][6];
        confusion[0][0] = 8;  // anger: 8 right
        confusion[0][1] = 2;  // 2 angry faces called disgust
        confusion[1][1] = 3;  // disgust: 3 right
        confusion[3][0] = 2;  // 2 happy faces called anger
        confusion[3][3] = 5;
        Evaluation e = new Evaluation(20, 0.5, 16 / 20.0, confusion, Map.of());

        ClassScore anger = e.perClass().get(Emotion.ANGER.ordinal());
        ClassScore disgust = e.perClass().get(Emotion.DISGUST.ordinal());
        ClassScore fear = e.perClass().get(Emotion.FEAR.ordinal());

        assertThat(anger.precision()).isCloseTo(0.8, within(1e-9));   // 8 of 10 predicted anger
        assertThat(anger.recall()).isCloseTo(0.8, within(1e-9));      // 8 of 10 angry faces
        assertThat(disgust.precision()).isCloseTo(0.6, within(1e-9)); // 3 of 5
        assertThat(disgust.recall()).isCloseTo(1.0, within(1e-9));
        assertThat(disgust.f1()).isCloseTo(0.75, within(1e-9));
        assertThat(fear.support()).isZero();
        assertThat(fear.f1()).isZero();
    }

    @Test
    void shouldExportConfusionAndClassesToTheManifestSchema() {
        int[][] confusion = new int[6][6];
        confusion[2][2] = 4;
        var avro = new Evaluation(4, 0.1, 1.0, confusion, Map.of()).toAvro();

        assertThat(avro.getConfusion().get(2).get(2)).isEqualTo(4);
        assertThat(avro.getPerClass()).extracting(c -> c.getLabel()).containsExactlyElementsOf(Emotion.labels());
    }
}
