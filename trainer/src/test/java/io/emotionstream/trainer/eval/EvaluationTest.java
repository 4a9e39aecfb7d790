package io.emotionstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void shouldDerivePrecisionRecallAndF1FromTheConfusionMatrix() {
        int[][] confusion = new int[6][6];
        confusion[0][0] = 8; // anger: 8 right
        confusion[0][1] = 2; // 2 angry faces called disgust
        confusion[1][1] = 3; // disgust: 3 right
        confusion[3][0] = 2; // 2 happy faces called anger
        confusion[3][3] = 5;
        Evaluation e = new Evaluation(20, 0.5, 16 / 20.0, confusion, Map.of());

        ClassScore anger = e.perClass().get(Emotion.ANGER.ordinal());
        ClassScore disgust = e.perClass().get(Emotion.DISGUST.ordinal());
        ClassScore fear = e.perClass().get(Emotion.FEAR.ordinal());

        assertThat(anger.precision()).isCloseTo(0.8, within(1e-9)); // 8 of 10 predicted anger
        assertThat(anger.recall()).isCloseTo(0.8, within(1e-9)); // 8 of 10 angry faces
        assertThat(disgust.precision()).isCloseTo(0.6, within(1e-9)); // 3 of 5
        assertThat(disgust.recall()).isCloseTo(1.0, within(1e-9));
        assertThat(disgust.f1()).isCloseTo(0.75, within(1e-9));
        assertThat(fear.support()).isZero();
        assertThat(fear.f1()).isZero();
    }

    @Test
    void shouldScoreANeutralFaceAsAMissForASixClassModelAndAsAClassForASevenClassOne() {
        // given a neutral face and an angry one
        List<Sample> faces = List.of(face("n", Emotion.NEUTRAL), face("a", Emotion.ANGER));

        // when a six-class model and a seven-class model score them (rows in Emotion order, neutral last)
        Evaluation six = Evaluator.evaluate(
                new float[][] {{0.1f, 0.1f, 0.1f, 0.5f, 0.1f, 0.1f}, {0.9f, 0.02f, 0.02f, 0.02f, 0.02f, 0.02f}}, faces);
        Evaluation seven = Evaluator.evaluate(
                new float[][] {
                    {0.05f, 0.05f, 0.05f, 0.2f, 0.05f, 0.05f, 0.55f}, {0.9f, 0.01f, 0.01f, 0.02f, 0.02f, 0.02f, 0.02f}
                },
                faces);

        // then the six-class model called the neutral face happy, a miss at probability 0, and its report lists neutral
        assertThat(six.accuracy()).isEqualTo(0.5);
        assertThat(six.loss()).isCloseTo((-Math.log(1e-7) - Math.log(0.9)) / 2, within(1e-4));
        assertThat(six.classes()).containsExactly(Emotion.values());
        assertThat(six.perClass().get(Emotion.NEUTRAL.ordinal()).recall()).isZero();
        assertThat(six.predicted(Emotion.HAPPINESS)).isEqualTo(1);
        assertThat(six.predicted(Emotion.NEUTRAL)).isZero();
        // and the seven-class model got both, with neutral's row and column in its manifest matrix
        assertThat(seven.accuracy()).isEqualTo(1.0);
        assertThat(seven.perClass().get(Emotion.NEUTRAL.ordinal()).recall()).isEqualTo(1.0);
        assertThat(seven.toAvro().getConfusion())
                .hasSize(7)
                .allSatisfy(row -> assertThat(row).hasSize(7));
        // while a report without any neutral face keeps the six-by-six matrix
        assertThat(Evaluator.evaluate(new float[][] {{0.9f, 0.02f, 0.02f, 0.02f, 0.02f, 0.02f}}, faces.subList(1, 2))
                        .toAvro()
                        .getConfusion())
                .hasSize(6);
    }

    @Test
    void shouldCountANeutralAnswerOnAnEmotionFaceAsAMissWhenScoredAsServed() {
        // given two emotion faces and a seven-class model's rows: neutral most probable for the first
        List<Sample> faces = List.of(face("s", Emotion.SADNESS), face("h", Emotion.HAPPINESS));
        float[][] served = {
            {0.05f, 0.05f, 0.05f, 0.05f, 0.35f, 0.05f, 0.40f}, {0.02f, 0.02f, 0.02f, 0.9f, 0.02f, 0.01f, 0.01f}
        };

        // when the rows are scored as served (neutral can be the answer)
        Evaluation asServed = Evaluator.evaluate(served, faces);

        // then the sad face called neutral is a miss and is counted as a neutral answer
        assertThat(asServed.accuracy()).isEqualTo(0.5);
        assertThat(asServed.predicted(Emotion.NEUTRAL)).isEqualTo(1);
        assertThat(asServed.perClass().get(Emotion.SADNESS.ordinal()).recall()).isZero();
    }

    private static Sample face(String id, Emotion label) {
        return new Sample(id, label, id, Map.of(), new float[1]);
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
