package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped compose file, run for real: {@code deploy/compose/local.sh up} builds the images from this build's jars
 * (on the mmdebstrap base where no registry can be reached), starts the broker, the key and trainer jobs, two
 * stream-app replicas and Prometheus, and waits until every health check passes and the champion is published. Then
 * events go in from outside compose and predictions come out, through the broker's host listener, and each replica's
 * {@code /metrics} is read. Skips where no Docker engine answers ({@code scripts/start-docker.sh} starts one; CI runs
 * it first).
 */
class ComposeIT {
    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
    private static final Path LOCAL = ROOT.resolve("deploy/compose/local.sh");
    private static final int EVENTS = 120;
    private static final Pattern PREDICTIONS = Pattern.compile("(?m)^emotion_predictions_total\\{[^}]*} ([0-9.E]+)$");

    private static String project;
    private static int kafkaPort;

    @BeforeAll
    static void startCompose() throws Exception {
        assumeThat(run(Duration.ofSeconds(30), "docker", "info").exitCode)
                .as("a Docker engine answers")
                .isZero();
        project = "es-compose-it-" + UUID.randomUUID().toString().substring(0, 8);
        kafkaPort = freePort();
        Result up = run(Duration.ofMinutes(20), LOCAL.toString(), "up");
        System.out.println(up.output); // a restarted replica's log is in it (a warning, not a failure)
        assertThat(up.exitCode).as("local.sh up:\n%s", up.output).isZero();
    }

    @AfterAll
    static void stopCompose() throws Exception {
        if (project != null) {
            Result down = run(Duration.ofMinutes(3), LOCAL.toString(), "down");
            System.out.println(down.output);
            assertThat(down.exitCode).as("local.sh down:\n%s", down.output).isZero();
        }
    }

    @Test
    void shouldClassifyEventsStreamedIntoComposeAndReportThemOnEveryReplicasMetrics() throws Exception {
        // given the compose stack, up and healthy
        String bootstrap = "127.0.0.1:" + kafkaPort;

        // when events come in from outside compose
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(RawImageHeaders.EVENT_ID, ("compose-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(
                        Topics.DEFAULT.images(),
                        null,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        Images.png(i),
                        headers));
            }
            producer.flush();
        }

        // then each one is classified exactly once, read committed from outside compose
        var predictions =
                Committed.readPredictions(bootstrap, Topics.DEFAULT.predictions(), EVENTS, Duration.ofMinutes(3));
        assertThat(predictions).hasSize(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            assertThat(predictions).containsKey("compose-" + i);
        }
        // and the two replicas' counters, scraped the way Prometheus does, add up to them
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(countedOn(1) + countedOn(2)).isEqualTo(EVENTS));
    }

    private static double countedOn(int replica) throws Exception {
        Result port = run(Duration.ofSeconds(30), LOCAL.toString(), "port", Integer.toString(replica));
        assertThat(port.exitCode).as(port.output).isZero();
        String address = port.output.strip().lines().reduce((a, b) -> b).orElseThrow();
        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + address + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        Matcher m = PREDICTIONS.matcher(metrics.body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Duration timeout, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        builder.environment().put("EMOTION_STREAM_COMPOSE_PROJECT", project == null ? "unused" : project);
        builder.environment().put("EMOTION_STREAM_KAFKA_HOST_PORT", Integer.toString(kafkaPort));
        builder.environment().put("EMOTION_STREAM_TRAINER_EPOCHS", "10"); // the plumbing is under test, not the model
        Path log = Files.createTempFile("compose-it-", ".log");
        builder.redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(127, e.getMessage()); // no such command: no Docker client here
        }
        boolean done = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        return new Result(done ? process.exitValue() : -1, output);
    }
}
