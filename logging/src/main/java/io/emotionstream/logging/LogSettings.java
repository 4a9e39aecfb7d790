package io.emotionstream.logging;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The logging settings every process of ours reads at start-up, from a system property or else an environment
 * variable (the property wins, so a test or {@code JAVA_OPTS} can override a deployment's environment):
 *
 * <ul>
 *   <li>{@code emotion.log.level} / {@code EMOTION_LOG_LEVEL}: the level of every logger (default {@code info});
 *   <li>{@code emotion.log.levels} / {@code EMOTION_LOG_LEVELS}: exceptions by logger name, {@code
 *       org.apache.kafka=warn,io.emotionstream.streamapp.monitor=debug};
 *   <li>{@code emotion.log.format} / {@code EMOTION_LOG_FORMAT}: {@code text} (default) or {@code json}, one object per
 *       line;
 *   <li>{@code emotion.log.file} / {@code EMOTION_LOG_FILE}: a file to write instead of standard error, started again
 *       at each start (the demo keeps libraries' lines out of its live view this way).
 * </ul>
 */
public record LogSettings(Level level, Map<String, Level> loggerLevels, LogFormat format, Optional<Path> file) {
    public static final Setting LEVEL = new Setting("emotion.log.level", "EMOTION_LOG_LEVEL");
    public static final Setting LOGGER_LEVELS = new Setting("emotion.log.levels", "EMOTION_LOG_LEVELS");
    public static final Setting FORMAT = new Setting("emotion.log.format", "EMOTION_LOG_FORMAT");
    public static final Setting FILE = new Setting("emotion.log.file", "EMOTION_LOG_FILE");

    /** What a process logs when nothing is set: everything at {@code info}, as text, to standard error. */
    public static final LogSettings DEFAULTS = new LogSettings(Level.INFO, Map.of(), LogFormat.TEXT, Optional.empty());

    private static final List<String> LEVEL_NAMES = List.of("trace", "debug", "info", "warn", "error", "off");

    public LogSettings {
        loggerLevels = Map.copyOf(loggerLevels);
    }

    /** One setting, by its system property and its environment variable. */
    public record Setting(String property, String variable) {
        Optional<String> lookUp(UnaryOperator<String> properties, UnaryOperator<String> environment) {
            String value = properties.apply(property);
            if (value == null || value.isBlank()) {
                value = environment.apply(variable);
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }
    }

    /** The settings of this process. */
    public static LogSettings ofThisProcess() {
        return from(System::getProperty, System::getenv);
    }

    /**
     * Reads the settings through two look-ups (name to value, null when absent).
     *
     * @throws IllegalArgumentException naming the setting and its allowed values when a value is not understood
     */
    public static LogSettings from(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return new LogSettings(
                LEVEL.lookUp(properties, environment)
                        .map(value -> level(LEVEL, value))
                        .orElse(DEFAULTS.level()),
                LOGGER_LEVELS
                        .lookUp(properties, environment)
                        .map(LogSettings::loggerLevels)
                        .orElse(Map.of()),
                FORMAT.lookUp(properties, environment).map(LogSettings::format).orElse(DEFAULTS.format()),
                FILE.lookUp(properties, environment).map(Path::of));
    }

    private static Map<String, Level> loggerLevels(String value) {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(
                        LOGGER_LEVELS.variable() + ": '" + entry.trim() + "' is not LOGGER=LEVEL");
            }
            levels.put(entry.substring(0, equals).trim(), level(LOGGER_LEVELS, entry.substring(equals + 1)));
        }
        return levels;
    }

    private static Level level(Setting setting, String value) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (!LEVEL_NAMES.contains(name)) {
            throw new IllegalArgumentException(setting.variable() + ": '" + value.trim() + "' is not a level ("
                    + String.join(", ", LEVEL_NAMES) + ")");
        }
        return Level.toLevel(name);
    }

    private static LogFormat format(String value) {
        try {
            return LogFormat.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FORMAT.variable() + ": " + e.getMessage(), e);
        }
    }
}
