package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped deployments' environments, as the container would see them (the Dockerfile's ENV, then compose's or
 * Kubernetes' own), through the real config loader, and {@code serve} started with them on a real broker. Only
 * what cannot exist here is replaced: the Kafka address, the key file, the state directory, the metrics port and
 * the application id (tests share a broker). A launcher variable read as a setting, or a setting the app does not
 * know, fails this test the way it would fail the container.
 */
class DeployEnvironmentIT {
    private static final Path DEPLOY = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldStartServeWithTheComposeEnvironment() throws Exception {
        Map<String, String> env = dockerfileEnvironment();
        YAML.readTree(DEPLOY.resolve("compose/docker-compose.yml").toFile())
                .at("/services/stream-app/environment")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));

        assertServeStarts(env);
    }

    @Test
    void shouldStartServeWithTheKubernetesEnvironment() throws Exception {
        Map<String, String> env = dockerfileEnvironment();
        YAML.readTree(DEPLOY.resolve("kubernetes/base/configmap.yaml").toFile())
                .get("data")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        JsonNode container = YAML.readTree(DEPLOY.resolve("kubernetes/base/stream-app-deployment.yaml")
                        .toFile())
                .at("/spec/template/spec/containers/0");
        container
                .get("env")
                .forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));

        assertServeStarts(env);
    }

    private void assertServeStarts(Map<String, String> deployed) throws Exception {
        assertThat(deployed).containsKey("EMOTION_STREAM_LAUNCHER_CACHE").containsKey("EMOTION_STREAM_STATE_DIR");
        Map<String, String> env = new LinkedHashMap<>(deployed);
        Path publicKey = dir.resolve("release-signing.pub");
        SigningKeys.write(SigningKeys.generate(), dir.resolve("release-signing.key"), publicKey);
        env.put("EMOTION_STREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("EMOTION_STREAM_MODEL_TRUSTED_KEYS", publicKey.toString());
        env.put("EMOTION_STREAM_STATE_DIR", dir.resolve("state").toString());
        env.put("EMOTION_STREAM_METRICS_HOST", "127.0.0.1");
        env.put("EMOTION_STREAM_METRICS_PORT", "0");
        env.put("EMOTION_STREAM_APPLICATION_ID", "deploy-" + UUID.randomUUID());

        try (StreamApp app = StreamApp.start(StreamAppConfig.load(Optional.empty(), env))) {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://127.0.0.1:" + app.metricsPort() + "/health");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .isEqualTo(200);
                assertThat(app.state().isRunningOrRebalancing()).isTrue();
            });
        }
    }

    /** The ENV instruction of the runtime stage, continuation lines joined; values unquoted. */
    private static Map<String, String> dockerfileEnvironment() throws IOException {
        String dockerfile =
                Files.readString(DEPLOY.resolve("docker/Dockerfile")).replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("ENV ")) {
                Matcher pair =
                        Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(line.substring(4));
                while (pair.find()) {
                    env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        return env;
    }
}
