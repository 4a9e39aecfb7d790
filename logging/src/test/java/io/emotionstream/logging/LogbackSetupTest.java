package io.emotionstream.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogbackSetupTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteOneJsonObjectPerLineWithLevelLoggerMessageAndCause() throws IOException {
        Path file = dir.resolve("serve.log");
        LoggerContext context = configured(new LogSettings(Level.INFO, Map.of(), LogFormat.JSON, Optional.of(file)));

        context.getLogger("io.emotionstream.streamapp.ServeCommand").info("ready on port {}", 9464);
        context.getLogger("org.apache.kafka.clients.NetworkClient")
                .warn("broker unreachable", new IllegalStateException("connection refused"));
        context.stop();

        List<JsonNode> lines =
                Files.readAllLines(file).stream().map(LogbackSetupTest::json).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(lines.get(0).get("loggerName").asText()).isEqualTo("io.emotionstream.streamapp.ServeCommand");
        assertThat(lines.get(0).get("formattedMessage").asText()).isEqualTo("ready on port 9464");
        assertThat(lines.get(1).get("level").asText()).isEqualTo("WARN");
        assertThat(lines.get(1).get("throwable").toString()).contains("connection refused");
        assertThat(lines.get(0).has("context")).as("no per-line context object").isFalse();
    }

    @Test
    void shouldApplyTheRootLevelAndEachLoggersException() throws IOException {
        Path file = dir.resolve("levels.log");
        LoggerContext context = configured(new LogSettings(
                Level.WARN,
                Map.of("io.emotionstream", Level.DEBUG, "org.apache.kafka", Level.ERROR),
                LogFormat.TEXT,
                Optional.of(file)));

        Logger ours = context.getLogger("io.emotionstream.streamapp.monitor.VerdictGraph");
        Logger kafka = context.getLogger("org.apache.kafka.streams.KafkaStreams");
        Logger other = context.getLogger("org.deeplearning4j.nn.Model");
        ours.debug("ours at debug");
        kafka.warn("kafka warning");
        kafka.error("kafka error");
        other.info("other info");
        other.warn("other warning");
        context.stop();

        assertThat(Files.readString(file))
                .contains("DEBUG io.emotionstream.streamapp.monitor.VerdictGraph - ours at debug")
                .contains("ERROR org.apache.kafka.streams.KafkaStreams - kafka error")
                .contains("WARN  org.deeplearning4j.nn.Model - other warning")
                .doesNotContain("kafka warning")
                .doesNotContain("other info");
    }

    @Test
    void shouldStartTheFileAgainAtEachStart() throws IOException {
        Path file = dir.resolve("demo.log");
        Files.writeString(file, "a line from the last run\n");

        LoggerContext context = configured(new LogSettings(Level.INFO, Map.of(), LogFormat.TEXT, Optional.of(file)));
        context.getLogger("x").info("this run");
        context.stop();

        assertThat(Files.readString(file)).doesNotContain("last run").contains("this run");
    }

    @Test
    void shouldBeHowSlf4jIsSetUpInThisProcess() {
        // given a process whose first logger was asked for through SLF4J, as every library asks
        org.slf4j.Logger any = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");

        // then Logback found this set-up through its service loader and applied this process's settings
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("emotion-stream")).isNotNull();
        assertThat(root.getLevel()).isEqualTo(LogSettings.ofThisProcess().level());
        assertThat(any.isWarnEnabled()).isEqualTo(Level.WARN.isGreaterOrEqual(root.getLevel()));
    }

    private static LoggerContext configured(LogSettings settings) {
        LoggerContext context = new LoggerContext(); // a context of its own, as Logback makes one per process
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        LogbackSetup.apply(context, settings);
        return context;
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
