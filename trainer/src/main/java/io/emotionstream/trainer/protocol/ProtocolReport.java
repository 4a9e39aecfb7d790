package io.emotionstream.trainer.protocol;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.eval.ClusteredProportion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The protocols' figures as Markdown (docs/benchmarks.md) and as the JSON report's plain maps. */
public final class ProtocolReport {
    private ProtocolReport() {}

    public static String markdown(List<ProtocolSummary> summaries) {
        StringBuilder out = new StringBuilder();
        out.append(
                "| protocol | accuracy [95% interval, by person] | people | images | folds: mean ± sd (min-max) | gaps |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (ProtocolSummary s : summaries) {
            ProtocolSummary.FoldSpread f = s.folds();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %s |%n",
                    s.name(),
                    cell(s.accuracy()),
                    s.accuracy().clusters(),
                    s.accuracy().n(),
                    f.count() > 1
                            ? String.format(Locale.ROOT, "%.3f ± %.3f (%.3f-%.3f)", f.mean(), f.sd(), f.min(), f.max())
                            : "one model",
                    gaps(s)));
        }
        List<Emotion> classes =
                summaries.stream().anyMatch(s -> s.recall().containsKey(Emotion.NEUTRAL)) ? Emotion.SEVEN : Emotion.SIX;
        out.append("\nRecall per class (95% interval, by person):\n\n| protocol |");
        for (Emotion e : classes) {
            out.append(' ').append(e.label()).append(" |");
        }
        out.append("\n|---|").append("---|".repeat(classes.size())).append('\n');
        for (ProtocolSummary s : summaries) {
            out.append("| ").append(s.name()).append(" |");
            for (Emotion e : classes) {
                ClusteredProportion recall = s.recall().get(e);
                out.append(' ').append(recall == null ? "-" : cell(recall)).append(" |");
            }
            out.append('\n');
        }
        out.append(
                "\nAccuracy per group (95% interval, by person):\n\n| protocol | attribute | group | accuracy | people | images |\n|---|---|---|---|---|---|\n");
        for (ProtocolSummary s : summaries) {
            s.perGroup()
                    .forEach((attribute, groups) -> groups.forEach((value, p) -> out.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %d | %d |%n",
                            s.name(),
                            attribute,
                            value,
                            cell(p),
                            p.clusters(),
                            p.n()))));
        }
        return out.toString();
    }

    private static String gaps(ProtocolSummary s) {
        List<String> parts = new ArrayList<>();
        s.gaps().forEach((attribute, gap) -> parts.add(String.format(Locale.ROOT, "%s %.3f", attribute, gap)));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    static String cell(ClusteredProportion p) {
        return p.n() == 0 ? "-" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", p.estimate(), p.low(), p.high());
    }

    public static Map<String, Object> json(
            List<ProtocolSummary> summaries, List<ProtocolResult> results, long seed, String recipe) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", "protocols");
        out.put("seed", seed);
        out.put("recipe", recipe);
        out.put("interval", "95%, clusters = people: Korn-Graubard (1998) on the cluster design effect");
        List<Object> protocols = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            ProtocolSummary s = summaries.get(i);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", s.name());
            p.put("protocol", s.protocol().code());
            p.put("accuracy", proportion(s.accuracy()));
            p.put("folds", results.get(i).folds());
            p.put("fold_spread", s.folds());
            Map<String, Object> recall = new LinkedHashMap<>();
            s.recall().forEach((e, r) -> recall.put(e.label(), proportion(r)));
            p.put("recall", recall);
            Map<String, Object> groups = new LinkedHashMap<>();
            s.perGroup().forEach((attribute, values) -> {
                Map<String, Object> byValue = new LinkedHashMap<>();
                values.forEach((value, r) -> byValue.put(value, proportion(r)));
                groups.put(attribute, byValue);
            });
            p.put("groups", groups);
            p.put("gaps", s.gaps());
            p.put(
                    "predictions",
                    results.get(i).predictions().stream()
                            .map(ProtocolReport::prediction)
                            .toList());
            protocols.add(p);
        }
        out.put("protocols", protocols);
        return out;
    }

    /** One held-out image's outcome: what {@code protocols-compare} pairs two reports on. */
    private static Map<String, Object> prediction(OutOfFold p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.sample().id());
        out.put("person", ProtocolSummary.person(p.sample()));
        out.put("label", p.sample().label().label());
        out.put("predicted", p.predicted().label());
        out.put("fold", p.fold());
        return out;
    }

    private static Map<String, Object> proportion(ClusteredProportion p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("estimate", p.n() == 0 ? null : p.estimate());
        out.put("low", p.low());
        out.put("high", p.high());
        out.put("people", p.clusters());
        out.put("images", p.n());
        return out;
    }
}
