package io.emotionstream.streamapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    private static final String LOG_LEVEL = "emotion.log.level";

    private final String levelBefore = System.getProperty(LOG_LEVEL);
    private final PrintStream errBefore = System.err;

    @AfterEach
    void restore() {
        System.setErr(errBefore);
        if (levelBefore == null) {
            System.clearProperty(LOG_LEVEL);
        } else {
            System.setProperty(LOG_LEVEL, levelBefore);
        }
    }

    @Test
    void shouldRefuseALoggingSettingItDoesNotUnderstandWithOneLineAndStatusTwo() {
        // given a logging level nobody has heard of
        System.setProperty(LOG_LEVEL, "verbose");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        AtomicBoolean brokerStarted = new AtomicBoolean();

        // when serve starts
        int status = ServeCommand.run(new String[0], config -> {
            brokerStarted.set(true);
            throw new AssertionError("serve went past its settings");
        });

        // then it stops before anything starts, naming the setting and what it accepts
        assertThat(status).isEqualTo(2);
        assertThat(brokerStarted).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("emotion-stream serve: error: EMOTION_LOG_LEVEL: 'verbose' is not a level "
                        + "(trace, debug, info, warn, error, off)" + System.lineSeparator());
    }
}
