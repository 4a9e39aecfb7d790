package io.emotionstream.trainer.experiment;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.eval.CalibrationFit;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.eval.Evaluator;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.split.Splitter;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The building blocks of every trainer command: split a dataset, fit a model on it, and the cross-dataset
 * experiment (one model per dataset plus one on their union, each scored on every dataset's test set and on
 * every other dataset as a whole).
 */
public final class Experiments {
    private Experiments() {}

    /**
     * The seed's best trial for CK+ on CK+; the seed's JAFFE trial (RMSprop, lr 0.001) for everything else: the CK+
     * trial's Adam at lr 0.0054 often sticks on one class in DL4J, the JAFFE trial learns steadily on small sets.
     */
    public static CnnHyperparameters defaultHyperparameters(Dataset dataset) {
        return dataset.name().equals("ckplus") ? CnnHyperparameters.SEED_CKPLUS : CnnHyperparameters.SEED_JAFFE;
    }

    /** Seed-compatible test fractions: CK+ 80/20, JAFFE 1/3 (61 of 183); 0.2 for anything else. */
    public static double defaultTestFraction(Dataset dataset) {
        return dataset.name().equals("jaffe") ? 1.0 / 3 : 0.2;
    }

    public static Split split(
            Dataset dataset, SplitMode mode, double testFraction, double validationFraction, long seed) {
        return Splitter.split(dataset.samples(), mode, testFraction, validationFraction, seed);
    }

    public static TrainedModel fit(
            String name, CnnHyperparameters hp, List<Dataset> datasets, Split split, Trainer trainer) {
        TrainingResult result = trainer.train(hp, split.train(), split.validation());
        return new TrainedModel(
                name,
                hp,
                datasets,
                split,
                result,
                Evaluator.evaluate(result.network(), split.train()),
                Evaluator.evaluate(result.network(), split.validation()),
                Evaluator.evaluate(result.network(), split.test()),
                CalibrationFit.of(result.network(), split.validation(), split.test()));
    }

    /** One arm of a cross-dataset experiment: a dataset, its split and the settings its model is trained with. */
    public record Arm(Dataset dataset, Split split, CnnHyperparameters hyperparameters) {}

    /**
     * @param models model name -> trained model (each dataset's name, plus "union")
     * @param matrix model name -> evaluation set ("DATASET_test", "DATASET_all") -> scores
     */
    public record CrossResult(
            SplitMode mode, Map<String, TrainedModel> models, Map<String, Map<String, Evaluation>> matrix) {}

    public static CrossResult crossEvaluate(
            List<Arm> arms, CnnHyperparameters unionHp, Trainer trainer, Consumer<String> progress) {
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        for (Arm arm : arms) {
            progress.accept("training on " + arm.dataset().name() + " ("
                    + arm.split().mode().code() + " split, "
                    + arm.split().train().size() + " train / "
                    + arm.split().validation().size() + " validation / "
                    + arm.split().test().size() + " test)");
            models.put(
                    arm.dataset().name(),
                    fit(arm.dataset().name(), arm.hyperparameters(), List.of(arm.dataset()), arm.split(), trainer));
        }
        if (arms.size() > 1) {
            Split union = unionSplit(arms);
            progress.accept("training on the union of " + models.keySet() + " ("
                    + union.train().size() + " train)");
            models.put(
                    "union",
                    fit("union", unionHp, arms.stream().map(Arm::dataset).toList(), union, trainer));
        }
        Map<String, Map<String, Evaluation>> matrix = new LinkedHashMap<>();
        models.forEach((name, model) -> {
            Map<String, Evaluation> row = new LinkedHashMap<>();
            for (Arm arm : arms) {
                row.put(
                        arm.dataset().name() + "_test",
                        Evaluator.evaluate(
                                model.training().network(), arm.split().test()));
                row.put(
                        arm.dataset().name() + "_all",
                        Evaluator.evaluate(
                                model.training().network(), arm.dataset().samples()));
            }
            matrix.put(name, row);
        });
        return new CrossResult(arms.get(0).split().mode(), models, matrix);
    }

    /** The union model trains on every arm's train images and is tested on every arm's test images. */
    private static Split unionSplit(List<Arm> arms) {
        List<Sample> train = new ArrayList<>();
        List<Sample> validation = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (Arm arm : arms) {
            train.addAll(arm.split().train());
            validation.addAll(arm.split().validation());
            test.addAll(arm.split().test());
        }
        Split first = arms.get(0).split();
        return new Split(
                first.mode(), train, validation, test, first.testFraction(), first.validationFraction(), first.seed());
    }
}
