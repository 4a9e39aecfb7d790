package io.emotionstream.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogSettingsTest {
    private static final Map<String, String> NONE = Map.of();

    @Test
    void shouldLogEverythingAtInfoAsTextToStandardErrorWhenNothingIsSet() {
        assertThat(read(NONE, NONE)).isEqualTo(LogSettings.DEFAULTS);
        assertThat(LogSettings.DEFAULTS.level()).isEqualTo(Level.INFO);
        assertThat(LogSettings.DEFAULTS.format()).isEqualTo(LogFormat.TEXT);
        assertThat(LogSettings.DEFAULTS.file()).isEmpty();
    }

    @Test
    void shouldReadEverySettingFromTheEnvironment() {
        LogSettings settings = read(
                NONE,
                Map.of(
                        "EMOTION_LOG_LEVEL", "WARN",
                        "EMOTION_LOG_LEVELS", "org.apache.kafka=error, io.emotionstream.streamapp.monitor=debug",
                        "EMOTION_LOG_FORMAT", "json",
                        "EMOTION_LOG_FILE", "/tmp/serve.log"));

        assertThat(settings.level()).isEqualTo(Level.WARN);
        assertThat(settings.loggerLevels())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("org.apache.kafka", Level.ERROR, "io.emotionstream.streamapp.monitor", Level.DEBUG));
        assertThat(settings.format()).isEqualTo(LogFormat.JSON);
        assertThat(settings.file()).isEqualTo(Optional.of(Path.of("/tmp/serve.log")));
    }

    @Test
    void shouldLetASystemPropertyOverrideTheEnvironment() {
        LogSettings settings = read(
                Map.of("emotion.log.level", "error", "emotion.log.format", "text"),
                Map.of("EMOTION_LOG_LEVEL", "debug", "EMOTION_LOG_FORMAT", "json"));

        assertThat(settings.level()).isEqualTo(Level.ERROR);
        assertThat(settings.format()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void shouldRefuseAValueItDoesNotUnderstandNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> read(NONE, Map.of("EMOTION_LOG_LEVEL", "verbose")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EMOTION_LOG_LEVEL: 'verbose' is not a level (trace, debug, info, warn, error, off)");
        assertThatThrownBy(() -> read(NONE, Map.of("EMOTION_LOG_LEVEL", "ar")))
                .hasMessageContaining("'ar' is not a level");
        assertThatThrownBy(() -> read(NONE, Map.of("EMOTION_LOG_FORMAT", "xml")))
                .hasMessage("EMOTION_LOG_FORMAT: 'xml' is not a log format (text, json)");
        assertThatThrownBy(() -> read(NONE, Map.of("EMOTION_LOG_LEVELS", "org.apache.kafka")))
                .hasMessage("EMOTION_LOG_LEVELS: 'org.apache.kafka' is not LOGGER=LEVEL");
        assertThatThrownBy(() -> read(NONE, Map.of("EMOTION_LOG_LEVELS", "org.apache.kafka=loud")))
                .hasMessageContaining("EMOTION_LOG_LEVELS: 'loud' is not a level");
    }

    @Test
    void shouldBeDocumentedSettingBySetting() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

        for (LogSettings.Setting setting :
                List.of(LogSettings.LEVEL, LogSettings.LOGGER_LEVELS, LogSettings.FORMAT, LogSettings.FILE)) {
            assertThat(doc).contains("| `" + setting.variable() + "` | `" + setting.property() + "` |");
        }
    }

    private static LogSettings read(Map<String, String> properties, Map<String, String> environment) {
        return LogSettings.from(properties::get, environment::get);
    }
}
