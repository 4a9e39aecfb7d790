package io.emotionstream.trainer.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotionstream.trainer.eval.PairedDifference;
import io.emotionstream.trainer.eval.PairedDifference.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two {@code protocols} reports (say, without and with an ingredient) compared on the images they share: for each
 * protocol run in both, the difference in accuracy with a paired 95% interval by person ({@link PairedDifference}).
 * A protocol whose held-out images differ between the two (another seed, other folds) is not compared: pairing is
 * only honest on the same images.
 */
public final class ProtocolComparison {
    /** One protocol compared: {@code difference} is the second report's accuracy minus the first's. */
    public record Row(String protocol, double first, double second, PairedDifference difference) {}

    private ProtocolComparison() {}

    public static List<Row> compare(JsonNode first, JsonNode second) {
        Map<String, JsonNode> seconds = new LinkedHashMap<>();
        second.path("protocols").forEach(p -> seconds.put(p.path("name").asText(), p));
        List<Row> rows = new ArrayList<>();
        for (JsonNode a : first.path("protocols")) {
            JsonNode b = seconds.get(a.path("name").asText());
            if (b == null) {
                continue;
            }
            Map<String, Outcome> left = outcomes(a);
            Map<String, Outcome> right = outcomes(b);
            if (left.isEmpty() || !left.keySet().equals(right.keySet())) {
                throw new IllegalArgumentException("protocol '" + a.path("name").asText() + "' held out different "
                        + "images in the two reports (another seed or other folds?): they cannot be paired");
            }
            Map<String, int[]> people = new LinkedHashMap<>();
            left.forEach((id, outcome) -> {
                int[] counts = people.computeIfAbsent(outcome.person(), x -> new int[3]);
                counts[0]++;
                counts[1] += outcome.correct() ? 1 : 0;
                counts[2] += right.get(id).correct() ? 1 : 0;
            });
            // second minus first: "what the second recipe adds"
            PairedDifference d = PairedDifference.of(people.values().stream()
                    .map(c -> new Pair(c[0], c[2], c[1]))
                    .toList());
            rows.add(new Row(
                    a.path("name").asText(),
                    a.at("/accuracy/estimate").asDouble(),
                    b.at("/accuracy/estimate").asDouble(),
                    d));
        }
        return rows;
    }

    public static String markdown(List<Row> rows, String firstName, String secondName) {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "| protocol | %s | %s | difference [95%% interval, paired by person] | people | images |%n|---|---|---|---|---|---|%n",
                firstName,
                secondName));
        for (Row r : rows) {
            PairedDifference d = r.difference();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %.3f | %.3f | %+.3f [%+.3f, %+.3f]%s | %d | %d |%n",
                    r.protocol(),
                    r.first(),
                    r.second(),
                    d.estimate(),
                    d.low(),
                    d.high(),
                    d.significant() ? " **" : "",
                    d.clusters(),
                    d.n()));
        }
        return out.toString();
    }

    private record Outcome(String person, boolean correct) {}

    private static Map<String, Outcome> outcomes(JsonNode protocol) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        protocol.path("predictions")
                .forEach(p -> out.put(
                        p.path("id").asText(),
                        new Outcome(
                                p.path("person").asText(),
                                p.path("label")
                                        .asText()
                                        .equals(p.path("predicted").asText()))));
        return out;
    }
}
