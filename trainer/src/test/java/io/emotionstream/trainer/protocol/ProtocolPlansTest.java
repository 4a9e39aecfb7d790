package io.emotionstream.trainer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolPlansTest {
    private final ProtocolPlans plans = new ProtocolPlans(10, 0.1, 42, datasets -> CnnHyperparameters.SEED_JAFFE);

    @Test
    void shouldLeaveEachOfJaffesTenPosersOutOnce() {
        // given a dataset of 10 subjects
        Dataset jaffe = dataset("jaffe", 10, 18);

        // when
        List<ProtocolPlan> planned = plans.plan(Protocol.SUBJECT_FOLDS, List.of(jaffe));

        // then ten folds, one poser each, never seen in training or early stopping
        assertThat(planned).singleElement().satisfies(plan -> {
            assertThat(plan.name()).isEqualTo("jaffe leave-one-subject-out (10 folds)");
            assertThat(plan.folds()).hasSize(10).allSatisfy(ProtocolPlansTest::assertSubjectDisjoint);
            assertThat(plan.folds())
                    .allSatisfy(f -> assertThat(subjects(f.test())).hasSize(1));
            assertThat(plan.folds()).allSatisfy(f -> assertThat(f.validation()).isNotEmpty());
        });
    }

    @Test
    void shouldNameAKFoldWhenThereAreMoreSubjectsThanFolds() {
        List<ProtocolPlan> planned = plans.plan(Protocol.SUBJECT_FOLDS, List.of(dataset("ckplus", 40, 6)));

        assertThat(planned.get(0).name()).isEqualTo("ckplus subject 10-fold");
        assertThat(planned.get(0).folds()).hasSize(10).allSatisfy(ProtocolPlansTest::assertSubjectDisjoint);
    }

    @Test
    void shouldTrainOnTheOtherDatasetAndTestOnAllOfTheHeldOutOne() {
        // given two populations
        Dataset a = dataset("a", 6, 12);
        Dataset b = dataset("b", 8, 6);

        // when
        List<ProtocolPlan> planned = plans.plan(Protocol.LEAVE_ONE_DATASET_OUT, List.of(a, b));

        // then one model per held-out dataset, trained only on the other one
        assertThat(planned).extracting(ProtocolPlan::name).containsExactly("b -> all of a", "a -> all of b");
        FoldPlan toA = planned.get(0).folds().get(0);
        assertThat(toA.test()).containsExactlyElementsOf(a.samples());
        assertThat(datasets(toA.train())).containsOnly("b");
        assertThat(datasets(toA.validation())).containsOnly("b");
        assertThat(toA.train().size() + toA.validation().size()).isEqualTo(b.size());
    }

    @Test
    void shouldTestEveryUnionFoldOnPeopleOfEveryDataset() {
        Dataset a = dataset("a", 10, 12);
        Dataset b = dataset("b", 30, 6);

        List<ProtocolPlan> planned = plans.plan(Protocol.UNION_SUBJECT_FOLDS, List.of(a, b));

        assertThat(planned).singleElement().satisfies(plan -> {
            assertThat(plan.folds()).hasSize(10).allSatisfy(ProtocolPlansTest::assertSubjectDisjoint);
            assertThat(plan.folds())
                    .allSatisfy(f -> assertThat(datasets(f.test())).containsExactlyInAnyOrder("a", "b"));
            assertThat(plan.folds().stream().mapToInt(f -> f.test().size()).sum())
                    .isEqualTo(a.size() + b.size());
        });
    }

    @Test
    void shouldRefuseTheCrossDatasetProtocolsOnOneDataset() {
        assertThatThrownBy(() -> plans.plan(Protocol.LEAVE_ONE_DATASET_OUT, List.of(dataset("a", 5, 6))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plans.plan(Protocol.UNION_SUBJECT_FOLDS, List.of(dataset("a", 5, 6))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSubjectDisjoint(FoldPlan fold) {
        assertThat(subjects(fold.train()))
                .doesNotContainAnyElementsOf(subjects(fold.test()))
                .doesNotContainAnyElementsOf(subjects(fold.validation()));
        assertThat(subjects(fold.validation())).doesNotContainAnyElementsOf(subjects(fold.test()));
    }

    static Dataset dataset(String name, int subjects, int imagesEach) {
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            for (int i = 0; i < imagesEach; i++) {
                samples.add(new Sample(
                        name + "/" + s + "/" + i,
                        Emotion.SIX.get(i % Emotion.SIX_COUNT),
                        name + "-s" + s,
                        Map.of("dataset", name),
                        new float[0]));
            }
        }
        return new Dataset(name, samples, List.of(), Map.of("dataset", name), name, Preprocessing.SEED);
    }

    private static Set<String> subjects(List<Sample> samples) {
        Set<String> out = new HashSet<>();
        samples.forEach(s -> out.add(s.subject()));
        return out;
    }

    private static Set<String> datasets(List<Sample> samples) {
        Set<String> out = new HashSet<>();
        samples.forEach(s -> out.add(s.groups().get("dataset")));
        return out;
    }
}
