package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.preprocess.HistogramEqualisation;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.finetune.BundleFolds;
import io.emotionstream.trainer.finetune.FineTuningPlan;
import io.emotionstream.trainer.protocol.FoldTrainer;
import io.emotionstream.trainer.protocol.Protocol;
import io.emotionstream.trainer.protocol.ProtocolPlan;
import io.emotionstream.trainer.protocol.ProtocolPlans;
import io.emotionstream.trainer.protocol.ProtocolReport;
import io.emotionstream.trainer.protocol.ProtocolResult;
import io.emotionstream.trainer.protocol.ProtocolRunner;
import io.emotionstream.trainer.protocol.ProtocolSummary;
import io.emotionstream.trainer.report.ReportJson;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trainer protocols}: the subject-disjoint and cross-dataset estimates, with intervals that count people. */
@Command(
        name = "protocols",
        mixinStandardHelpOptions = true,
        description = {
            "Honest accuracy on people the model never saw: per dataset k-fold by subject (leave-one-subject-out "
                    + "when k reaches the subjects, e.g. JAFFE's 10), leave-one-dataset-out, and a union model's k-fold by "
                    + "subject with its per-dataset gap. Mean, per-fold spread and 95% intervals by person, per class and "
                    + "per group."
        })
final class ProtocolsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Training training;

    @Mixin
    CommonOptions.RecipeOptions recipe;

    @Option(
            names = "--contrast",
            defaultValue = "none",
            description =
                    "none, or equalize: histogram equalisation of every 48x48 tensor, measured here before it becomes a preprocessing of its own (default: ${DEFAULT-VALUE}).")
    String contrast;

    @Option(
            names = "--protocol",
            defaultValue = "all",
            split = ",",
            paramLabel = "NAME",
            description =
                    "subject-folds, leave-one-dataset-out, union-folds or all; comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> protocols;

    @Option(
            names = "--folds",
            defaultValue = "10",
            description = "k of the k-fold protocols, capped at the number of subjects (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0.1",
            description =
                    "Share of each fold's training images held out by subject for early stopping (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(
            names = "--hp",
            defaultValue = "auto",
            description = "Hyperparameters for every model (default: seed-ckplus for CK+, seed-jaffe otherwise).")
    String hp;

    @Mixin
    CommonOptions.FineTune fineTune;

    @Option(
            names = "--zero-shot",
            description = "With --init: score the bundle as it is in every fold (trained on "
                    + "nothing here): the baseline a fine-tuned model is compared against, on the same people.")
    boolean zeroShot;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "With --init: the model registry (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(names = "--report", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--markdown", description = "Write the Markdown tables here.")
    Path markdown;

    @Override
    public Integer call() {
        if (zeroShot && !fineTune.enabled()) {
            throw new IllegalArgumentException("--zero-shot scores a bundle: give it with --init");
        }
        ModelBundle parent = fineTune.enabled() ? fineTune.parent(registry) : null;
        List<Dataset> datasets = parent != null
                ? data.load(training.seed, parent.preprocessing())
                : withContrast(data.load(training.seed));
        datasets.forEach(d -> System.err.printf(
                "loaded %s: %d images, %d skipped, classes %s%n",
                d.name(), d.size(), d.skipped().size(), d.classCounts()));
        System.err.println("runtime: " + NativeRuntime.describe());
        Recipe chosenRecipe = recipe.recipe();
        ProtocolPlans plans = new ProtocolPlans(folds, validationFraction, training.seed, this::hyperparametersFor);
        String describe;
        IntFunction<FoldTrainer> trainers;
        if (parent == null) {
            describe = chosenRecipe.describe() + ", contrast " + contrast;
            trainers = fold -> FoldTrainer.seed(new Trainer(
                    training.config().withSeed(training.seed + fold),
                    chosenRecipe,
                    new ConsoleProgress(System.err, "[fold " + (fold + 1) + "]")));
        } else if (zeroShot) {
            describe = "zero-shot " + parent.reference();
            FoldTrainer asItIs = BundleFolds.zeroShot(parent, data.classes());
            trainers = fold -> asItIs;
        } else {
            FineTuningPlan plan = fineTune.plan(parent, recipe.recipe(), training.seed);
            describe = plan.describe();
            BundleFolds bundleFolds = new BundleFolds(plan, data.classes());
            trainers = fold -> bundleFolds.fineTuned(
                    training.config().withSeed(training.seed + fold),
                    new ConsoleProgress(System.err, "[fold " + (fold + 1) + "]"));
        }
        System.err.println("models: " + describe);
        ProtocolRunner runner = new ProtocolRunner(trainers, System.err::println);
        List<ProtocolResult> results = new ArrayList<>();
        for (Protocol protocol : chosen(datasets.size())) {
            for (ProtocolPlan plan : plans.plan(protocol, datasets)) {
                results.add(runner.run(plan));
            }
        }
        List<ProtocolSummary> summaries =
                results.stream().map(ProtocolSummary::of).toList();
        String tables = ProtocolReport.markdown(summaries);
        System.out.println();
        System.out.println(tables);
        if (report != null) {
            ReportJson.write(report, ProtocolReport.json(summaries, results, training.seed, describe));
            System.out.println("report written to " + report);
        }
        if (markdown != null) {
            Printing.writeText(markdown, tables, "tables");
        }
        return 0;
    }

    private List<Dataset> withContrast(List<Dataset> datasets) {
        return switch (contrast.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> datasets;
            case "equalize" ->
                datasets.stream()
                        .map(d -> new Dataset(
                                d.name(),
                                d.samples().stream()
                                        .map(s -> s.withPixels(s.id(), HistogramEqualisation.apply(s.pixels())))
                                        .toList(),
                                d.skipped(),
                                d.groups(),
                                d.fingerprint() + "+equalized",
                                d.preprocessing()))
                        .toList();
            default ->
                throw new IllegalArgumentException("unknown contrast '" + contrast + "' (expected none or equalize)");
        };
    }

    private CnnHyperparameters hyperparametersFor(List<Dataset> trainedOn) {
        CnnHyperparameters fallback = trainedOn.size() == 1
                ? Experiments.defaultHyperparameters(trainedOn.get(0))
                : CnnHyperparameters.SEED_JAFFE;
        return HyperparameterSpec.parse(hp, fallback);
    }

    /** "all" is every protocol the data allows: the cross-dataset ones need two datasets. */
    private List<Protocol> chosen(int datasetCount) {
        if (protocols.size() == 1 && protocols.get(0).trim().equalsIgnoreCase("all")) {
            return Arrays.stream(Protocol.values())
                    .filter(p -> datasetCount > 1 || p == Protocol.SUBJECT_FOLDS)
                    .toList();
        }
        return protocols.stream().map(Protocol::parse).toList();
    }
}
