package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.eval.Evaluator;
import io.emotionstream.trainer.report.ReportJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Score a published model version on every image of a dataset, per class and per group.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.Data data;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "NAME[:VERSION]",
            description = "Model to evaluate (latest version by default).")
    String model;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Model registry directory (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for synthetic data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--report", description = "Write a JSON report here.")
    Path report;

    @Override
    public Integer call() {
        ModelBundle bundle = new ModelRegistry(registry).resolve(model);
        LoadedModel model = bundle.load();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", bundle.reference());
        // The model decides how images are preprocessed: evaluating it any other way would measure a mismatch.
        Preprocessing trained = model.preprocessing();
        if (data.face != null && data.faceLocation() != trained.faceLocation()) {
            throw new IllegalArgumentException(bundle.reference() + " was trained with --face "
                    + trained.faceLocation().code() + "; evaluate uses the model's own preprocessing (drop --face "
                    + data.face + ")");
        }
        List<Dataset> datasets = data.load(seed, trained);
        for (Dataset dataset : datasets) {
            Evaluation e = Evaluator.evaluate(model, dataset.samples(), data.classes());
            System.out.printf(
                    Locale.ROOT,
                    "%n%s on %s (all %d images): loss %.4f, accuracy %.4f%n",
                    bundle.reference(),
                    dataset.name(),
                    e.n(),
                    e.loss(),
                    e.accuracy());
            Printing.printEvaluation(System.out, e);
            Map<String, Object> scores = ReportJson.evaluation(e);
            if (data.classes() == ClassSet.SIX && model.classes().contains(Emotion.NEUTRAL)) {
                // six-class data asks which emotion the model sees; serving also lets it answer neutral
                Evaluation served = Evaluator.evaluate(Evaluator.served(model, dataset.samples()), dataset.samples());
                System.out.printf(
                        Locale.ROOT,
                        "as served (neutral can be the answer, a miss on these faces): accuracy "
                                + "%.4f, neutral answered on %d of %d images%n",
                        served.accuracy(),
                        served.predicted(Emotion.NEUTRAL),
                        served.n());
                scores.put("asServed", ReportJson.evaluation(served));
            }
            json.put(dataset.name(), scores);
        }
        json.put("skipped", ReportJson.skipped(datasets));
        if (report != null) {
            ReportJson.write(report, json);
        }
        return 0;
    }
}
