package io.emotionstream.trainer.report;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.experiment.Experiments.CrossResult;
import io.emotionstream.trainer.experiment.TrainedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report of a cross-dataset run (and of {@code reproduce}, which is one on CK+ and JAFFE): JSON with a block
 * per model, the cross matrix and the seed notebook's numbers beside ours, plus a Markdown table.
 *
 * <p>Cross cells follow the seed and the PyTorch reference: a model is scored on the <em>whole</em> other dataset
 * ({@code cross.A_on_B} uses all of B's images) except where B's test set is the natural yardstick; both are in the
 * matrix. For CK+ and JAFFE: {@code ckplus_on_jaffe} = all 183 JAFFE images, {@code jaffe_on_ckplus} = the CK+
 * test set, as in {@code pytorch_reference.py}.
 */
public final class CrossReport {
    /** The seed notebook's Keras results (random split). */
    public static final Map<String, Double> SEED_KERAS = seedNumbers();

    private CrossReport() {}

    private static Map<String, Double> seedNumbers() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ckplus.test.accuracy", 0.984);
        m.put("ckplus.test.loss", 0.056);
        m.put("ckplus.train.accuracy", 0.9987);
        m.put("jaffe.test.accuracy", 0.639);
        m.put("jaffe.test.loss", 0.893);
        m.put("jaffe.train.accuracy", 0.899);
        m.put("cross.ckplus_on_jaffe.accuracy", 0.186);
        m.put("cross.jaffe_on_ckplus.accuracy", 0.387);
        return m;
    }

    /** Results of one or two split modes; the first is top-level, a second (subject) goes under "subject_split". */
    public static Map<String, Object> json(
            String command, List<CrossResult> results, List<Dataset> datasets, long seed) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", command);
        report.put("runtime", NativeRuntime.describe());
        report.put("seed", seed);
        report.putAll(block(results.get(0)));
        for (CrossResult extra : results.subList(1, results.size())) {
            report.put(extra.mode().code() + "_split", block(extra));
        }
        report.put("seed_keras_reference", SEED_KERAS);
        report.put("skipped", ReportJson.skipped(datasets));
        return report;
    }

    private static Map<String, Object> block(CrossResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("split", result.mode().code());
        TrainedModel first = result.models().values().iterator().next();
        out.put("epoch_seconds_median", ReportJson.round(first.training().epochSecondsMedian()));
        result.models().forEach((name, model) -> out.put(name, ReportJson.model(model)));
        Map<String, Object> cross = new LinkedHashMap<>();
        List<String> names = result.models().keySet().stream()
                .filter(n -> !n.equals("union"))
                .toList();
        for (String from : names) {
            for (String to : names) {
                if (!from.equals(to)) {
                    String set = crossSet(from, to);
                    Evaluation e = result.matrix().get(from).get(set);
                    cross.put(
                            from + "_on_" + to,
                            Map.of(
                                    "accuracy",
                                    ReportJson.round(e.accuracy()),
                                    "loss",
                                    ReportJson.round(e.loss()),
                                    "n",
                                    e.n(),
                                    "evaluated_on",
                                    set));
                }
            }
        }
        cross.put("matrix", ReportJson.cross(result));
        out.put("cross", cross);
        return out;
    }

    /** Which evaluation set a cross cell uses (see the class comment). */
    static String crossSet(String model, String target) {
        return model.equals("jaffe") && target.equals("ckplus") ? target + "_test" : target + "_all";
    }

    public static String markdown(List<CrossResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("| metric | seed notebook (Keras, random split) |");
        results.forEach(
                r -> md.append(" emotion-stream, ").append(r.mode().code()).append(" split |"));
        md.append("\n|---|---|");
        results.forEach(r -> md.append("---|"));
        md.append('\n');
        List<String> names = results.get(0).models().keySet().stream()
                .filter(n -> !n.equals("union"))
                .toList();
        for (String name : names) {
            row(
                    md,
                    name + " test accuracy",
                    SEED_KERAS.get(name + ".test.accuracy"),
                    results,
                    r -> r.models().get(name).test().accuracy());
            row(
                    md,
                    name + " test loss",
                    SEED_KERAS.get(name + ".test.loss"),
                    results,
                    r -> r.models().get(name).test().loss());
            row(
                    md,
                    name + " train accuracy",
                    SEED_KERAS.get(name + ".train.accuracy"),
                    results,
                    r -> r.models().get(name).train().accuracy());
        }
        for (String from : names) {
            for (String to : names) {
                if (!from.equals(to)) {
                    String set = crossSet(from, to);
                    row(
                            md,
                            from + " model on " + set.replace('_', ' '),
                            SEED_KERAS.get("cross." + from + "_on_" + to + ".accuracy"),
                            results,
                            r -> r.matrix().get(from).get(set).accuracy());
                }
            }
        }
        if (results.get(0).models().containsKey("union")) {
            for (String to : names) {
                row(
                        md,
                        "union model on " + to + " test",
                        null,
                        results,
                        r -> r.matrix().get("union").get(to + "_test").accuracy());
            }
        }
        row(
                md,
                names.get(0) + " epoch seconds (median)",
                null,
                results,
                r -> r.models().get(names.get(0)).training().epochSecondsMedian());
        md.append("\nTest-set sizes: ");
        results.forEach(r -> r.models()
                .forEach((n, m) -> md.append(String.format(
                        Locale.ROOT, "%s/%s %d; ", r.mode().code(), n, m.test().n()))));
        md.append('\n');
        return md.toString();
    }

    private static void row(
            StringBuilder md,
            String label,
            Double seed,
            List<CrossResult> results,
            ToDoubleFunction<CrossResult> value) {
        md.append("| ")
                .append(label)
                .append(" | ")
                .append(seed == null ? "" : String.format(Locale.ROOT, "%.3f", seed))
                .append(" |");
        for (CrossResult r : results) {
            md.append(String.format(Locale.ROOT, " %.3f |", value.applyAsDouble(r)));
        }
        md.append('\n');
    }
}
