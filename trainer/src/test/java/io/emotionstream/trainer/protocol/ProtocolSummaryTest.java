package io.emotionstream.trainer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolSummaryTest {
    @Test
    void shouldPoolEveryHeldOutImageAndCountPeopleNotImages() {
        // given two folds: fold 0 tests people of dataset a (all right), fold 1 people of b (half right)
        List<OutOfFold> predictions = new ArrayList<>();
        for (int person = 0; person < 4; person++) {
            for (int i = 0; i < 10; i++) {
                predictions.add(prediction(0, "a", "p" + person, Emotion.HAPPINESS, Emotion.HAPPINESS));
                predictions.add(prediction(1, "b", "p" + person, Emotion.ANGER, i < 5 ? Emotion.ANGER : Emotion.FEAR));
            }
        }
        List<FoldResult> folds = List.of(
                new FoldResult(0, 0, 0, 40, 4, 1.0, 1, 1, 0, false, 0),
                new FoldResult(1, 0, 0, 40, 4, 0.5, 1, 1, 0, false, 0));

        // when
        ProtocolSummary s =
                ProtocolSummary.of(new ProtocolResult(Protocol.UNION_SUBJECT_FOLDS, "u", folds, predictions));

        // then: 60 of 80 images, from 8 people (same subject ids in two datasets are different people)
        assertThat(s.accuracy().estimate()).isEqualTo(0.75);
        assertThat(s.accuracy().clusters()).isEqualTo(8);
        assertThat(s.folds().mean()).isEqualTo(0.75);
        assertThat(s.folds().sd()).isCloseTo(Math.sqrt(0.125), within(1e-12));
        assertThat(s.folds().min()).isEqualTo(0.5);
        assertThat(s.recall().get(Emotion.HAPPINESS).estimate()).isEqualTo(1.0);
        assertThat(s.recall().get(Emotion.ANGER).estimate()).isEqualTo(0.5);
        assertThat(s.recall().get(Emotion.SURPRISE).n()).isZero();
        assertThat(s.perGroup().get("dataset").get("a").estimate()).isEqualTo(1.0);
        assertThat(s.perGroup().get("dataset").get("b").estimate()).isEqualTo(0.5);
        assertThat(s.gaps()).containsEntry("dataset", 0.5);
    }

    private static OutOfFold prediction(int fold, String dataset, String subject, Emotion label, Emotion predicted) {
        return new OutOfFold(
                fold,
                new Sample(dataset + subject, label, subject, Map.of("dataset", dataset), new float[0]),
                predicted);
    }
}
