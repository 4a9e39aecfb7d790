package io.emotionstream.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Configures Logback from {@link LogSettings} when the first logger is asked for (Logback finds this class through
 * {@code META-INF/services}), so no process of ours carries a configuration file. A value that is not understood
 * leaves the defaults in force and says so as the first error line; {@code -Dlogback.configurationFile=...} hands
 * the whole configuration to Logback's own file instead.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%thread] %-5level %logger - %msg%n";
    private static final String APPENDER = "emotion-stream";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        try {
            apply(context, LogSettings.ofThisProcess());
        } catch (IllegalArgumentException e) {
            apply(context, LogSettings.DEFAULTS);
            context.getLogger(LogbackSetup.class).error("{}: logging with the defaults instead", e.getMessage());
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces the root logger's output and every level with what {@code settings} say. */
    public static void apply(LoggerContext context, LogSettings settings) {
        OutputStreamAppender<ILoggingEvent> appender = appender(settings);
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setEncoder(encoder(context, settings.format()));
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(settings.level());
        settings.loggerLevels().forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static OutputStreamAppender<ILoggingEvent> appender(LogSettings settings) {
        if (settings.file().isEmpty()) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err"); // standard output belongs to the commands' own output
            return console;
        }
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setFile(settings.file().get().toString());
        file.setAppend(false);
        return file;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        Encoder<ILoggingEvent> encoder = switch (format) {
            case TEXT -> {
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                text.setPattern(TEXT_PATTERN);
                yield text;
            }
            case JSON -> {
                JsonEncoder json = new JsonEncoder();
                json.setWithContext(false); // the same context object on every line: noise for a log pipeline
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithFormattedMessage(true); // the line as a person reads it, beside its template
                json.setWithArguments(false); // already in the formatted message
                yield json;
            }
        };
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
