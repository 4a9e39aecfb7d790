package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, bounded in time: it trains, serves, streams and shows the gap on its own. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void shouldRunTheWholeSystemAndShowAccuracyPerPopulation() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Demo.Options options = Demo.Options.parse(new String[] {"--seconds", "40", "--rate", "60",
                "--registry", dir.resolve("models").toString(), "--keys", dir.resolve("keys").toString()}, out);

        int code = Demo.run(options);

        String view = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(view).contains("training demo-synthetic-a", "predictions:", "population (cumulative, demo-synthetic-a/1)");
        String last = view.substring(view.lastIndexOf("emotion-stream demo |"));
        assertThat(last).containsPattern("\\n  a +[01]\\.\\d{3}  \\[").containsPattern("\\n  b +[01]\\.\\d{3}  \\[")
                .contains("gap");
        assertThat(view).contains("demo: stopping");
    }

    @Test
    void shouldRefuseBadArgumentsInOneLine() {
        var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Assertions.assertThatThrownBy(() -> Demo.Options.parse(new String[] {"--rate", "fast"}, out))
                .hasMessageContaining("'--rate'").hasMessageContaining("takes a positive whole number, not 'fast'");
        Assertions.assertThatThrownBy(() -> Demo.Options.parse(new String[] {"--data", dir.toString()}, out))
                .hasMessageContaining("must hold CK+48/ and JAFFE/");
    }
}
