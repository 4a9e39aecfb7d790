package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.experiment.Experiments.Arm;
import io.emotionstream.trainer.experiment.Experiments.CrossResult;
import io.emotionstream.trainer.report.CrossReport;
import io.emotionstream.trainer.report.ReportJson;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What cross-evaluate and reproduce share: options, the run over split modes, and the report. */
abstract class CrossCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.Training training;

    @Option(
            names = "--split",
            description = "random, subject or both (default: random for cross-evaluate, both for reproduce).")
    String split;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0.1",
            description = "Fraction of training images held out for early stopping (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(
            names = "--hp",
            defaultValue = "auto",
            description =
                    "Hyperparameters for every model (default: seed-ckplus for CK+, seed-jaffe for JAFFE, the union and others).")
    String hp;

    @Option(names = "--report", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--markdown", description = "Write the Markdown table here.")
    Path markdown;

    /** The split modes run when --split is not given. */
    abstract String defaultSplit();

    int run(String command, List<Dataset> datasets) {
        if (datasets.size() < 2) {
            throw new IllegalArgumentException("cross-evaluation needs at least two datasets (repeat --data)");
        }
        System.err.println("runtime: " + NativeRuntime.describe());
        List<CrossResult> results = new ArrayList<>();
        for (SplitMode mode : modes()) {
            List<Arm> arms = datasets.stream()
                    .map(d -> new Arm(
                            d,
                            Experiments.split(
                                    d, mode, Experiments.defaultTestFraction(d), validationFraction, training.seed),
                            hyperparametersFor(d)))
                    .toList();
            results.add(Experiments.crossEvaluate(
                    arms,
                    HyperparameterSpec.parse(hp, CnnHyperparameters.SEED_JAFFE),
                    new Trainer(training.config(), new ConsoleProgress(System.err, "[" + mode.code() + "]")),
                    System.err::println));
        }
        String table = CrossReport.markdown(results);
        System.out.println();
        System.out.println(table);
        if (report != null) {
            ReportJson.write(report, CrossReport.json(command, results, datasets, training.seed));
            System.out.println("report written to " + report);
        }
        if (markdown != null) {
            Printing.writeText(markdown, table, "table");
        }
        return 0;
    }

    private CnnHyperparameters hyperparametersFor(Dataset d) {
        return HyperparameterSpec.parse(hp, Experiments.defaultHyperparameters(d));
    }

    private List<SplitMode> modes() {
        String chosen = split != null ? split : defaultSplit();
        return switch (chosen.toLowerCase(Locale.ROOT)) {
            case "both" -> List.of(SplitMode.RANDOM, SplitMode.SUBJECT);
            case "random" -> List.of(SplitMode.RANDOM);
            case "subject" -> List.of(SplitMode.SUBJECT);
            default ->
                throw new IllegalArgumentException("unknown split '" + chosen + "' (expected random, subject or both)");
        };
    }
}
