package io.emotionstream.trainer.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.split.SubjectFolds.Fold;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubjectFoldsTest {
    @Test
    void shouldTestEverySubjectInExactlyOneFoldAndNeverTrainOnIt() {
        // given 12 subjects
        List<Sample> data = SplitterTest.samples(new int[] {30, 30, 30, 30, 30, 30}, 12);

        // when split in 5 folds
        List<Fold> folds = SubjectFolds.of(data, 5, 7);

        // then every image is tested once, and no fold trains on a subject it tests
        assertThat(folds).hasSize(5);
        List<String> tested = new ArrayList<>();
        for (Fold fold : folds) {
            assertThat(subjects(fold.train())).doesNotContainAnyElementsOf(subjects(fold.test()));
            assertThat(fold.train().size() + fold.test().size()).isEqualTo(data.size());
            fold.test().forEach(s -> tested.add(s.id()));
        }
        assertThat(tested).hasSize(data.size()).doesNotHaveDuplicates();
    }

    @Test
    void shouldLeaveOneSubjectOutWhenThereAreNoMoreSubjectsThanFolds() {
        List<Sample> data = SplitterTest.samples(new int[] {20, 20, 20, 20, 20, 20}, 10);

        List<Fold> folds = SubjectFolds.of(data, 10, 1);

        assertThat(folds)
                .hasSize(10)
                .allSatisfy(f -> assertThat(subjects(f.test())).hasSize(1));
        assertThat(SubjectFolds.of(data, 25, 1)).hasSize(10);
    }

    @Test
    void shouldKeepFoldSizesCloseWhenSubjectsHaveVeryDifferentImageCounts() {
        // given subjects of 1 to 30 images (CK+'s range)
        List<Sample> data = new ArrayList<>();
        for (int subject = 0; subject < 40; subject++) {
            for (int i = 0; i <= subject % 30; i++) {
                data.add(new Sample(
                        "s" + subject + "-" + i,
                        Emotion.SIX.get(i % Emotion.SIX_COUNT),
                        "s" + subject,
                        Map.of(),
                        new float[0]));
            }
        }

        // when
        List<Fold> folds = SubjectFolds.of(data, 10, 3);

        // then no fold is more than one large subject away from the mean
        double mean = data.size() / 10.0;
        assertThat(folds).allSatisfy(f -> assertThat((double) f.test().size()).isBetween(mean - 30, mean + 30));
        int smallest = folds.stream().mapToInt(f -> f.test().size()).min().orElseThrow();
        int largest = folds.stream().mapToInt(f -> f.test().size()).max().orElseThrow();
        assertThat(largest - smallest).isLessThanOrEqualTo(30);
    }

    @Test
    void shouldBeRepeatableForASeedAndDifferAcrossSeeds() {
        List<Sample> data = SplitterTest.samples(new int[] {20, 20, 20, 20, 20, 20}, 20);

        assertThat(testSubjects(SubjectFolds.of(data, 4, 9))).isEqualTo(testSubjects(SubjectFolds.of(data, 4, 9)));
        assertThat(testSubjects(SubjectFolds.of(data, 4, 9))).isNotEqualTo(testSubjects(SubjectFolds.of(data, 4, 10)));
    }

    @Test
    void shouldRefuseFewerThanTwoFoldsOrSubjects() {
        List<Sample> one = SplitterTest.samples(new int[] {2, 2, 2, 2, 2, 2}, 1);

        assertThatThrownBy(() -> SubjectFolds.of(one, 5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectFolds.of(SplitterTest.samples(new int[] {2, 2, 2, 2, 2, 2}, 4), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<String> subjects(List<Sample> samples) {
        Set<String> out = new HashSet<>();
        samples.forEach(s -> out.add(s.subject()));
        return out;
    }

    private static List<Set<String>> testSubjects(List<Fold> folds) {
        return folds.stream().map(f -> subjects(f.test())).toList();
    }
}
