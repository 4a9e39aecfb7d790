package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, bounded in time: it trains, serves, streams and shows the gap on its own, and a rerun on
 * the same directories loses nothing, even when the rerun switches to the Confluent wire format with a schema registry.
 */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void shouldRunTheWholeSystemShowAccuracyPerPopulationAndCarryOnAfterARestart() throws Exception {
        // given the demo run once (it trains its model) and stopped
        String first = runDemo(35);
        assertThat(first)
                .contains("training demo-synthetic-a", "predictions:", "population (cumulative, demo-synthetic-a/1)");
        String last = first.substring(first.lastIndexOf("emotion-stream demo |"));
        assertThat(last)
                .containsPattern("\\n  a +[01]\\.\\d{3}  \\[")
                .containsPattern("\\n  b +[01]\\.\\d{3}  \\[")
                .contains("gap");
        assertThat(first).contains("demo: stopping");
        List<Long> firstRun = labelledPerView(first, "a");
        long beforeRestart = firstRun.get(firstRun.size() - 1);
        assertThat(beforeRestart).isPositive();

        // when it runs again on the same state directory, now writing the Confluent wire format with a schema
        // registry run here (the topics then hold records of both formats)
        String second = runDemo(25, "--schema-registry");

        // then it reuses the model and the monitor carries on from the first run's counts: no view goes below them
        assertThat(second)
                .contains("reusing demo-synthetic-a")
                .doesNotContain("training demo-synthetic-a")
                .contains("demo: schema registry at http://127.0.0.1:");
        List<Long> secondRun = labelledPerView(second, "a");
        assertThat(secondRun).isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(beforeRestart));
        assertThat(secondRun.get(secondRun.size() - 1)).isGreaterThan(beforeRestart);
        assertThat(second).contains("libraries (this run): ");
    }

    private String runDemo(int seconds, String... more) throws InterruptedException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Demo.Options options = Demo.Options.parse(
                Demo.concat(
                        new String[] {
                            "--seconds",
                            Integer.toString(seconds),
                            "--rate",
                            "60",
                            "--registry",
                            dir.resolve("models").toString(),
                            "--keys",
                            dir.resolve("keys").toString(),
                            "--state",
                            dir.resolve("state").toString()
                        },
                        more),
                out);
        assertThat(Demo.run(options)).isZero();
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The labelled-event count n of {@code group} under "population", in every view that shows it, oldest first. */
    private static List<Long> labelledPerView(String output, String group) {
        List<Long> counts = new ArrayList<>();
        for (String view : output.split("emotion-stream demo \\|")) {
            int section = view.indexOf("population (cumulative,");
            if (section < 0) {
                continue;
            }
            Matcher row = Pattern.compile("\\n  " + group + " +[01]\\.\\d{3}  \\[[^\\]]*\\] +(\\d+)")
                    .matcher(view.substring(section));
            if (row.find()) {
                counts.add(Long.parseLong(row.group(1)));
            }
        }
        return counts;
    }

    @Test
    void shouldRefuseBadArgumentsInOneLine() {
        var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Assertions.assertThatThrownBy(() -> Demo.Options.parse(new String[] {"--rate", "fast"}, out))
                .hasMessageContaining("'--rate'")
                .hasMessageContaining("takes a positive whole number, not 'fast'");
        Assertions.assertThatThrownBy(() -> Demo.Options.parse(new String[] {"--data", dir.toString()}, out))
                .hasMessageContaining("must hold CK+48/ and JAFFE/");
    }
}
