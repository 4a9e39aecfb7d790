package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.SchemaRegistryServer;
import io.emotionstream.testkit.TestRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the producer examples the README documents (Python with Avro, kcat with raw bytes and headers) and the
 * Python consumer against a running app, without and with a schema registry (Apicurio Registry's Confluent-compatible
 * API, reached with stock confluent_kafka). Skips when the tools are not installed
 * ({@code scripts/install-test-tools.sh} installs them; CI runs it).
 */
class DocumentedExamplesIT {
    private static final Path EXAMPLES =
            Path.of(System.getProperty("user.dir")).getParent().resolve("examples");

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @RegisterExtension
    static final SchemaRegistryServer registryServer = new SchemaRegistryServer();

    @TempDir
    Path dir;

    @Test
    void shouldClassifyWhatThePythonAndKcatExamplesProduce() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "kcat not installed");
        assumeTrue(
                run(List.of("/usr/bin/python3", "-c", "import confluent_kafka, avro"), Map.of()).exitCode == 0,
                "python3-confluent-kafka / python3-avro not installed");
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "examples-model");
        Path face = dir.resolve("face.png");
        Files.write(face, Images.png(3));

        try (StreamApp app = StreamApp.start(StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId("examples")
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .build())) {
            Result python = run(
                    List.of(
                            "/usr/bin/python3",
                            EXAMPLES.resolve("produce_avro.py").toString(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--label",
                            "happiness",
                            "--group",
                            "ethnicity=east_asian",
                            face.toString()),
                    Map.of());
            Result kcat = run(
                    List.of(EXAMPLES.resolve("kcat-produce.sh").toString(), face.toString()),
                    Map.of("BOOTSTRAP", kafka.bootstrapServers(), "LABEL", "sad", "GROUP_gender", "female"));
            Result consumer = run(
                    List.of(
                            "/usr/bin/python3",
                            EXAMPLES.resolve("consume_predictions.py").toString(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--max",
                            "2",
                            "--timeout",
                            "60"),
                    Map.of());

            assertThat(python.exitCode).as(python.output).isZero();
            assertThat(kcat.exitCode).as(kcat.output).isZero();
            assertThat(consumer.exitCode).as(consumer.output).isZero();
            assertThat(consumer.output)
                    .contains("\"eventId\": \"py-0\"")
                    .contains("\"label\": \"HAPPINESS\"")
                    .contains("\"groups\": {}, \"demographics\": \"WITHHELD\"")
                    .doesNotContain("east_asian", "female")
                    .contains("\"eventId\": \"kcat-face.png\"")
                    .contains("\"label\": \"SADNESS\"")
                    .contains("examples-model:1");
        }
    }

    @Test
    void shouldClassifyWhatThePythonExampleProducesThroughASchemaRegistryAndHaveThePythonConsumerReadIt()
            throws Exception {
        assumeTrue(
                run(List.of("/usr/bin/python3", "-c", "import confluent_kafka.schema_registry, avro"), Map.of())
                                .exitCode
                        == 0,
                "python3-confluent-kafka / python3-avro not installed");
        // given the app writing the Confluent wire format with a registry, on topics of its own
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "examples-model");
        Path face = dir.resolve("face.png");
        Files.write(face, Images.png(5));
        TestRun testRun = new TestRun(UUID.randomUUID().toString().substring(0, 8));
        Topics topics = testRun.topics();
        String url = registryServer.ccompatUrl().toString();

        try (StreamApp app = StreamApp.start(StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(testRun.applicationId())
                .topics(topics)
                .schemaRegistry(url)
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .build())) {
            // when the Python example produces in the registry's format and in single-object encoding
            Result framed = run(
                    List.of(
                            "/usr/bin/python3",
                            EXAMPLES.resolve("produce_avro.py").toString(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--topic",
                            topics.images(),
                            "--schema-registry",
                            url,
                            "--id-prefix",
                            "registry",
                            "--label",
                            "anger",
                            "--group",
                            "ethnicity=latino",
                            face.toString()),
                    Map.of());
            Result plain = run(
                    List.of(
                            "/usr/bin/python3",
                            EXAMPLES.resolve("produce_avro.py").toString(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--topic",
                            topics.images(),
                            "--id-prefix",
                            "plain",
                            face.toString()),
                    Map.of());
            Result consumer = run(
                    List.of(
                            "/usr/bin/python3",
                            EXAMPLES.resolve("consume_predictions.py").toString(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--topic",
                            topics.predictions(),
                            "--schema-registry",
                            url,
                            "--max",
                            "2",
                            "--timeout",
                            "60"),
                    Map.of());

            // then the Python consumer reads both predictions, which the app wrote framed for the registry
            assertThat(framed.exitCode).as(framed.output).isZero();
            assertThat(plain.exitCode).as(plain.output).isZero();
            assertThat(consumer.exitCode).as(consumer.output).isZero();
            assertThat(consumer.output)
                    .contains("\"eventId\": \"registry-0\"")
                    .contains("\"label\": \"ANGER\"")
                    .contains("\"demographics\": \"WITHHELD\"")
                    .doesNotContain("latino")
                    .contains("\"eventId\": \"plain-0\"")
                    .contains("examples-model:1");
        }
    }

    private record Result(int exitCode, String output) {}

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
            return new Result(-1, output + "\n(timed out)");
        }
        return new Result(process.exitValue(), output);
    }
}
