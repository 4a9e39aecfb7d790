package io.emotionstream.trainer.protocol;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.split.Splitter;
import io.emotionstream.trainer.split.SubjectFolds;
import io.emotionstream.trainer.split.SubjectFolds.Fold;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns datasets into the models a protocol trains. Each fold's early-stopping images are whole subjects taken from
 * its training side ({@code validationFraction} of the images), so nothing a fold is tested on steers its training.
 *
 * @param folds              k of the k-fold protocols (capped at the number of subjects)
 * @param validationFraction share of each fold's training images held out, by subject, for early stopping
 * @param seed               folds, validation subjects and (through the trainer) weights derive from it
 * @param hyperparameters    the settings a model trained on these datasets gets
 */
public record ProtocolPlans(
        int folds, double validationFraction, long seed, Function<List<Dataset>, CnnHyperparameters> hyperparameters) {

    public List<ProtocolPlan> plan(Protocol protocol, List<Dataset> datasets) {
        return switch (protocol) {
            case SUBJECT_FOLDS -> datasets.stream().map(this::subjectFolds).toList();
            case LEAVE_ONE_DATASET_OUT -> leaveOneDatasetOut(datasets);
            case UNION_SUBJECT_FOLDS -> List.of(unionFolds(datasets));
        };
    }

    ProtocolPlan subjectFolds(Dataset dataset) {
        List<Fold> folds = SubjectFolds.of(dataset.samples(), this.folds, seed);
        long subjects =
                dataset.samples().stream().map(Sample::subject).distinct().count();
        String name = dataset.name()
                + (folds.size() == subjects
                        ? " leave-one-subject-out (" + subjects + " folds)"
                        : " subject " + folds.size() + "-fold");
        CnnHyperparameters hp = hyperparameters.apply(List.of(dataset));
        return new ProtocolPlan(
                Protocol.SUBJECT_FOLDS,
                name,
                folds.stream()
                        .map(f -> withValidation(f.index(), f.train(), f.test(), hp))
                        .toList());
    }

    List<ProtocolPlan> leaveOneDatasetOut(List<Dataset> datasets) {
        if (datasets.size() < 2) {
            throw new IllegalArgumentException("leave-one-dataset-out needs at least two datasets (repeat --data)");
        }
        List<ProtocolPlan> plans = new ArrayList<>();
        for (Dataset heldOut : datasets) {
            List<Dataset> others = datasets.stream().filter(d -> d != heldOut).toList();
            List<Sample> train =
                    others.stream().flatMap(d -> d.samples().stream()).toList();
            String from = String.join("+", others.stream().map(Dataset::name).toList());
            plans.add(new ProtocolPlan(
                    Protocol.LEAVE_ONE_DATASET_OUT,
                    from + " -> all of " + heldOut.name(),
                    List.of(withValidation(0, train, heldOut.samples(), hyperparameters.apply(others)))));
        }
        return plans;
    }

    /** Fold i of the union is fold i of every dataset, so each fold tests people of every population. */
    ProtocolPlan unionFolds(List<Dataset> datasets) {
        if (datasets.size() < 2) {
            throw new IllegalArgumentException("union folds need at least two datasets (repeat --data)");
        }
        List<List<Fold>> perDataset = datasets.stream()
                .map(d -> SubjectFolds.of(d.samples(), folds, seed))
                .toList();
        int k = perDataset.stream().mapToInt(List::size).min().orElseThrow();
        CnnHyperparameters hp = hyperparameters.apply(datasets);
        List<FoldPlan> plans = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<Sample> train = new ArrayList<>();
            List<Sample> test = new ArrayList<>();
            for (List<Fold> folds : perDataset) {
                // a dataset with more subjects than k folds keeps its extra folds on the training side
                test.addAll(folds.get(i).test());
                train.addAll(folds.get(i).train());
            }
            plans.add(withValidation(i, train, test, hp));
        }
        String names = String.join("+", datasets.stream().map(Dataset::name).toList());
        return new ProtocolPlan(Protocol.UNION_SUBJECT_FOLDS, "union " + names + " subject " + k + "-fold", plans);
    }

    private FoldPlan withValidation(int index, List<Sample> train, List<Sample> test, CnnHyperparameters hp) {
        if (validationFraction <= 0) {
            return new FoldPlan(index, train, List.of(), test, hp);
        }
        List<List<Sample>> parts = Splitter.holdOutSubjects(train, validationFraction, seed + index);
        return new FoldPlan(index, parts.get(0), parts.get(1), test, hp);
    }
}
