package io.emotionstream.streamapp.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.GroupPseudonyms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymsCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintThePseudonymTheAppGivesEachConfiguredValue(@TempDir Path dir) throws IOException {
        // given the app's settings: ethnicity pseudonymised under a key in a file
        byte[] key = "a key file of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8);
        Path keyFile = Files.write(dir.resolve("pseudonym.key"), key);
        Map<String, String> env = Map.of(
                "EMOTION_STREAM_GROUPS_PSEUDONYMISE",
                "ethnicity",
                "EMOTION_STREAM_GROUPS_PSEUDONYM_KEY_FILE",
                keyFile.toString());

        // when the operator asks for two values and an attribute that is not pseudonymised
        int status = run(env, "ethnicity=east_asian", "ethnicity=white", "dataset=jaffe");

        // then each line is the value and what the app writes for it; the key is not shown
        String expected = GroupPseudonyms.of(key, Set.of("ethnicity")).pseudonym("ethnicity", "east_asian");
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "ethnicity=east_asian\t" + expected,
                        "ethnicity=white\t"
                                + GroupPseudonyms.of(key, Set.of("ethnicity")).pseudonym("ethnicity", "white"),
                        "dataset=jaffe\tjaffe\t(not pseudonymised: not in groups.pseudonymise)");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("thirty-two");
    }

    @Test
    void shouldRefuseWhenNothingIsPseudonymisedOrAnArgumentIsNotAPair(@TempDir Path dir) throws IOException {
        Path keyFile = Files.write(dir.resolve("pseudonym.key"), new byte[16]);

        assertThat(run(Map.of(), "ethnicity=white")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("groups.pseudonymise is not set");
        assertThat(run(
                        Map.of(
                                "EMOTION_STREAM_GROUPS_PSEUDONYMISE",
                                "ethnicity",
                                "EMOTION_STREAM_GROUPS_PSEUDONYM_KEY_FILE",
                                keyFile.toString()),
                        "white"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'white' is not ATTRIBUTE=VALUE");
    }

    private int run(Map<String, String> env, String... args) {
        return PseudonymsCommand.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
