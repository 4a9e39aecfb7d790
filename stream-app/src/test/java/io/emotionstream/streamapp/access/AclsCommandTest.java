package io.emotionstream.streamapp.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclsCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintTheRolesAclsOnTheConfiguredTopics() {
        int status = run(
                Map.of("EMOTION_STREAM_TOPIC_IMAGES", "site-a.images"),
                "--principal",
                "User:cam-7",
                "--role",
                "producer");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "ALLOW User:cam-7 WRITE topic site-a.images (literal)",
                        "ALLOW User:cam-7 WRITE topic emotion.labels (literal)");
    }

    @Test
    void shouldRefuseAPrincipalThatIsNotAUserOrAnUnknownRole() {
        assertThat(run(Map.of(), "--principal", "cam-7", "--role", "producer")).isEqualTo(2);
        assertThat(run(Map.of(), "--principal", "User:cam-7", "--role", "admin"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("must be User:NAME")
                .contains("'admin' is not one of producer, app, publisher, retrainer, dashboard, eraser");
        assertThat(out.size()).isZero();
    }

    private int run(Map<String, String> env, String... args) {
        return AclsCommand.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
