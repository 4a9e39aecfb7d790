package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.experiment.TrainedModel;
import io.emotionstream.trainer.finetune.FineTuning;
import io.emotionstream.trainer.finetune.FineTuningCheckpoint;
import io.emotionstream.trainer.finetune.FineTuningPlan;
import io.emotionstream.trainer.finetune.GraphFineTuner;
import io.emotionstream.trainer.imported.ImportedModel;
import io.emotionstream.trainer.report.ManifestFactory;
import io.emotionstream.trainer.report.ReportJson;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the seed CNN on a dataset, evaluate it on the held-out split and publish a versioned bundle.",
            "With --init, fine-tune an existing bundle instead (an imported network): the layers before --train-from "
                    + "keep their weights, the rest are trained with Adam (--balance and --mirror apply; --hp and the other recipe "
                    + "options do not)."
        })
final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Splitting splitting;

    @Mixin
    CommonOptions.Training training;

    @Mixin
    CommonOptions.RecipeOptions recipe;

    @Option(
            names = "--hp",
            defaultValue = "auto",
            description =
                    "Hyperparameters: seed-ckplus, seed-jaffe, plus key=value overrides (default: seed-ckplus for CK+, seed-jaffe otherwise).")
    String hp;

    @Option(names = "--name", description = "Model name in the registry (default: <dataset>-cnn).")
    String name;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Model registry directory (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(names = "--no-publish", description = "Train and evaluate only; write no bundle.")
    boolean noPublish;

    @Option(
            names = "--publish",
            description = "Also release the new version to the models topic, signed (see publish).")
    boolean publishToTopic;

    @Option(
            names = "--alias",
            description = "With --publish: point this alias at the new version (challenger or champion).")
    ModelAlias alias;

    @Mixin
    CommonOptions.Release release;

    @Option(names = "--report", description = "Write a JSON report here.")
    Path report;

    @Option(
            names = "--checkpoint",
            paramLabel = "DIR",
            description = "Keep the training state here after every epoch; "
                    + "run the same command again after an interruption to go on from the last epoch (the seed CNN, and --init "
                    + "runs: a long one is --from-scratch or trains from an early layer).")
    Path checkpoint;

    @Mixin
    CommonOptions.FineTune fineTune;

    @Override
    public Integer call() {
        if (fineTune.enabled()) {
            return fineTune();
        }
        if (publishToTopic && noPublish) {
            throw new IllegalArgumentException("--publish needs a bundle: drop --no-publish");
        }
        if (publishToTopic) {
            release.publisher(); // fail on a missing key before training, not after
        }
        List<Dataset> datasets = data.load(training.seed);
        System.err.println("runtime: " + NativeRuntime.describe());
        Dataset dataset = CommonOptions.Data.combined(datasets);
        CnnHyperparameters hyperparameters = HyperparameterSpec.parse(hp, Experiments.defaultHyperparameters(dataset));
        Split split = splitting.apply(dataset, training.seed);
        System.err.printf(
                "training on %s: %d images (%d skipped), %s split %d train / %d validation / %d test; %s%n",
                dataset.name(),
                dataset.size(),
                dataset.skipped().size(),
                split.mode().code(),
                split.train().size(),
                split.validation().size(),
                split.test().size(),
                hyperparameters.summary());
        Trainer trainer = new Trainer(
                training.config(), recipe.recipe(), new ConsoleProgress(System.err, "[" + dataset.name() + "]"));
        TrainedModel model = Experiments.fit(
                dataset.name(),
                hyperparameters,
                datasets,
                split,
                checkpoint == null ? trainer : trainer.withCheckpoint(new TrainingCheckpoint(checkpoint)));
        Printing.printModel(System.out, model);
        Map<String, Object> json = new LinkedHashMap<>(ReportJson.model(model));
        json.put("skipped", ReportJson.skipped(datasets));
        if (!noPublish) {
            String modelName = name != null ? name : dataset.name() + "-cnn";
            ModelBundle bundle = new ModelRegistry(registry)
                    .publish(model.training().network(), ManifestFactory.draft(modelName, model));
            System.out.printf("published %s at %s%n", bundle.reference(), bundle.directory());
            json.put(
                    "published",
                    Map.of(
                            "name",
                            bundle.name(),
                            "version",
                            bundle.version(),
                            "directory",
                            bundle.directory().toString()));
            if (publishToTopic) {
                PublishCommand.publish(release.publisher(), bundle, alias, release.modelsTopic);
            }
        }
        if (report != null) {
            ReportJson.write(report, json);
            System.out.println("report written to " + report);
        }
        return 0;
    }

    /** --init: fine-tune a bundle on the data's training people, scored and calibrated on the held-out ones. */
    private Integer fineTune() {
        ModelRegistry models = new ModelRegistry(registry);
        ModelBundle parent = fineTune.parent(registry);
        FineTuningPlan plan = fineTune.plan(parent, recipe.recipe(), training.seed);
        List<Dataset> datasets = data.load(training.seed, parent.preprocessing());
        Dataset dataset = CommonOptions.Data.combined(datasets);
        Split split = splitting.apply(dataset, training.seed);
        System.err.printf(
                "%s on %s: %d train / %d validation / %d test images, %s split%n",
                plan.describe(),
                dataset.name(),
                split.train().size(),
                split.validation().size(),
                split.test().size(),
                split.mode().code());
        FineTuning tuned = plan.run(
                training.config(),
                new ConsoleProgress(System.err, "[" + dataset.name() + "]"),
                split.train(),
                split.validation(),
                Optional.ofNullable(checkpoint).map(FineTuningCheckpoint::new));
        GraphFineTuner.Result result = tuned.result();
        System.err.printf(
                "frozen part run once per image on %s, %.1f s; %d epochs, median %.2f s each%n",
                result.frozenEngine(), result.featureSeconds(), result.epochsRun(), result.epochSecondsMedian());
        ImportedModel.HeldOutScores scores = tuned.scores(datasets, split);
        Printing.printEvaluation(System.out, scores.test());
        if (noPublish) {
            return 0;
        }
        String modelName = name != null ? name : parent.name() + "-" + dataset.name();
        ModelBundle bundle = tuned.publish(models, modelName, split, scores);
        System.out.printf(
                "published %s at %s (%s %s, best epoch %d of %d)%n",
                bundle.reference(),
                bundle.directory(),
                tuned.freshWeights() ? "trained from scratch in the architecture of" : "fine-tuned from",
                parent.reference(),
                result.bestEpoch(),
                result.epochsRun());
        return 0;
    }
}
