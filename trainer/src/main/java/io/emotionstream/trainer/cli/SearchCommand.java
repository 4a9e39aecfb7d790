package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.trainer.protocol.Protocol;
import io.emotionstream.trainer.protocol.ProtocolPlans;
import io.emotionstream.trainer.report.ReportJson;
import io.emotionstream.trainer.search.FoldsObjective;
import io.emotionstream.trainer.search.Objective;
import io.emotionstream.trainer.search.RandomSearch;
import io.emotionstream.trainer.search.SearchSpace;
import io.emotionstream.trainer.search.Trial;
import io.emotionstream.trainer.search.ValidationObjective;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.train.TrainingListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = "Keras-Tuner-like random search over the seed's space; objective: validation accuracy, or a "
                + "protocol's accuracy on held-out people (--objective).")
final class SearchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Splitting splitting;

    @Mixin
    CommonOptions.Training training;

    @Mixin
    CommonOptions.RecipeOptions recipe;

    @Option(
            names = "--halving",
            defaultValue = "0",
            paramLabel = "ETA",
            description =
                    "Successive halving: keep the best 1/ETA of the trials at each rung and give them ETA times the epochs, from --min-epochs up to --epochs (0: every trial gets --epochs; default: ${DEFAULT-VALUE}).")
    int halving;

    @Option(
            names = "--min-epochs",
            defaultValue = "10",
            description = "First rung's epochs with --halving (default: ${DEFAULT-VALUE}).")
    int minEpochs;

    @Option(
            names = "--objective",
            defaultValue = "validation",
            paramLabel = "NAME",
            description =
                    "What a trial is scored on: validation (best validation accuracy of one model on --split, as the Keras Tuner) or a protocol: subject-folds, leave-one-dataset-out, union-folds (accuracy on the held-out people of every fold; --folds, --validation-fraction; --split is not used). Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(
            names = "--folds",
            defaultValue = "5",
            description = "k of a k-fold --objective (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--trials", defaultValue = "10", description = "Trials to run (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--verbose-epochs", description = "Print every epoch of every trial.")
    boolean verboseEpochs;

    @Option(names = "--report", description = "Write the ranked trials as JSON here.")
    Path report;

    @Override
    public Integer call() {
        List<Dataset> datasets = data.load(training.seed);
        System.err.println("runtime: " + NativeRuntime.describe());
        Dataset dataset = CommonOptions.Data.combined(datasets);
        TrainingListener listener = verboseEpochs ? new ConsoleProgress(System.err, "  ") : TrainingListener.SILENT;
        Objective scoring = objective(datasets, dataset, listener);
        RandomSearch search = new RandomSearch(SearchSpace.SEED, training.config());
        System.err.println("recipe: " + recipe.recipe().describe() + "; objective: " + scoring.name());
        List<Trial> ranked = halving > 0
                ? search.runHalving(scoring, trials, minEpochs, halving, training.seed, System.err::println)
                : search.run(scoring, trials, training.seed, System.err::println);
        System.out.println(RandomSearch.summary(ranked, 10, scoring));
        if (report != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dataset", dataset.name());
            json.put("objective", scoring.name());
            json.put(
                    "trials",
                    ranked.stream()
                            .map(t -> Map.of(
                                    "trial",
                                    t.number(),
                                    "score",
                                    ReportJson.round(t.score()),
                                    "hyperparameters",
                                    t.hyperparameters().summary(),
                                    "best_epoch",
                                    t.bestEpoch(),
                                    "restarts",
                                    t.restarts(),
                                    "collapsed",
                                    t.collapsed(),
                                    "seconds",
                                    ReportJson.round(t.seconds()),
                                    "epoch_budget",
                                    t.epochBudget()))
                            .toList());
            ReportJson.write(report, json);
        }
        return 0;
    }

    private Objective objective(List<Dataset> datasets, Dataset combined, TrainingListener listener) {
        if (objective.trim().equalsIgnoreCase("validation")) {
            Split split = splitting.apply(combined, training.seed);
            System.err.println("split: " + split.mode().code());
            return new ValidationObjective(split, recipe.recipe(), listener);
        }
        Protocol protocol = Protocol.parse(objective);
        if (protocol != Protocol.SUBJECT_FOLDS && datasets.size() < 2) {
            throw new IllegalArgumentException("objective " + protocol.code() + " needs two --data sets");
        }
        // every fold gets the trial's hyperparameters: the plans' own are never used
        ProtocolPlans plans = new ProtocolPlans(
                folds, splitting.validationFraction, training.seed, trainedOn -> CnnHyperparameters.SEED_JAFFE);
        return new FoldsObjective(plans.plan(protocol, datasets), recipe.recipe(), listener);
    }
}
