package io.emotionstream.streamapp.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EraseCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldRefuseAMissingOrBlankSubjectAndABadSettingWithStatusTwo() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--subject");
        assertThat(run(Map.of(), "--subject", " ")).isEqualTo(2);
        assertThat(run(Map.of("EMOTION_STREAM_PREDICTIONS_DEMOGRAPHICS", "some"), "--subject", "s-1"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("predictions.demographics");
        assertThat(out.size()).isZero();
    }

    private int run(Map<String, String> env, String... args) {
        return EraseCommand.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
