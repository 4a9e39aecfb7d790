package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.emotionstream.streamapp.config.StreamAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of deploy/ without Docker or a cluster: every file parses, images are pinned, probes and
 * ports line up with the app's endpoints, selectors match, kustomize resources exist, configuration is
 * environment only and uses keys the app knows. (`docker compose config` and a real cluster are not available here.)
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "deploy");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void shouldParseEveryYamlAndJsonFile() throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.walk(DEPLOY)) {
            files = all.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                    .toList();
        }
        assertThat(files).hasSizeGreaterThan(12);
        for (Path file : files) {
            if (file.toString().endsWith(".json")) {
                assertThat(new ObjectMapper().readTree(file.toFile()))
                        .as(file.toString())
                        .isNotNull();
            } else {
                assertThat(documents(file)).as(file.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void shouldPinEveryImageAndHealthCheckEveryLongRunningComposeService() throws Exception {
        JsonNode compose =
                YAML.readTree(DEPLOY.resolve("compose/docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        Set<String> oneShot = Set.of("keys", "trainer");
        services.fields().forEachRemaining(service -> {
            JsonNode s = service.getValue();
            // ${VARIABLE:-default}: the default is what a plain `docker compose up` runs, so it is what must be pinned
            String image = s.path("image").asText().replaceAll("^\\$\\{[A-Z_]+:-(.*)}$", "$1");
            assertThat(image)
                    .as(service.getKey())
                    .matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+")
                    .doesNotEndWith(":latest");
            if (!oneShot.contains(service.getKey())) {
                assertThat(s.has("healthcheck"))
                        .as(service.getKey() + " healthcheck")
                        .isTrue();
            }
        });
        assertThat(services.at("/stream-app/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(services.at("/stream-app/environment/EMOTION_STREAM_MODEL_SOURCE")
                        .asText())
                .isEqualTo("topic");
    }

    @Test
    void shouldProbeTheAppsHealthAndReadinessEndpointsOnItsMetricsPort() throws Exception {
        JsonNode deployment = YAML.readTree(
                DEPLOY.resolve("kubernetes/base/stream-app-deployment.yaml").toFile());
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(9464);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(labels);
        JsonNode pdb = YAML.readTree(
                DEPLOY.resolve("kubernetes/base/stream-app-pdb.yaml").toFile());
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(labels);
        JsonNode service = YAML.readTree(
                DEPLOY.resolve("kubernetes/base/stream-app-service.yaml").toFile());
        assertThat(service.at("/spec/selector")).isEqualTo(labels);
    }

    @Test
    void shouldListOnlyExistingResourcesInEveryKustomization() throws Exception {
        for (Path kustomization : List.of(
                DEPLOY.resolve("kubernetes/base/kustomization.yaml"),
                DEPLOY.resolve("kubernetes/overlays/production/kustomization.yaml"))) {
            for (JsonNode resource : YAML.readTree(kustomization.toFile()).get("resources")) {
                assertThat(kustomization.getParent().resolve(resource.asText()))
                        .as(resource.asText())
                        .exists();
            }
        }
        try (Stream<Path> manifests = Files.list(DEPLOY.resolve("kubernetes/base"))) {
            for (Path manifest :
                    manifests.filter(p -> !p.endsWith("kustomization.yaml")).toList()) {
                for (JsonNode doc : documents(manifest)) {
                    assertThat(doc.path("apiVersion").asText())
                            .as(manifest + " apiVersion")
                            .isNotEmpty();
                    assertThat(doc.path("kind").asText()).as(manifest + " kind").isNotEmpty();
                    assertThat(doc.at("/metadata/name").asText())
                            .as(manifest + " name")
                            .isNotEmpty();
                }
            }
        }
    }

    @Test
    void shouldConfigureTheAppOnlyWithSettingsItKnows() throws Exception {
        Set<String> keys = new HashSet<>();
        YAML.readTree(DEPLOY.resolve("kubernetes/base/configmap.yaml").toFile())
                .get("data")
                .fieldNames()
                .forEachRemaining(keys::add);
        YAML.readTree(DEPLOY.resolve("compose/docker-compose.yml").toFile())
                .at("/services/stream-app/environment")
                .fieldNames()
                .forEachRemaining(keys::add);
        List<String> settings = new ArrayList<>();
        for (String key : keys) {
            if (key.startsWith("EMOTION_STREAM_")) {
                settings.add(key);
            }
        }
        assertThat(settings).isNotEmpty();
        var env = new HashMap<String, String>();
        settings.forEach(k -> env.put(k, sample(k)));
        // unknown keys fail the app's own config loading; this runs the real loader over the deploy keys
        StreamAppConfig.load(Optional.empty(), env);
    }

    /** A value the loader accepts for a key (files are not read at load time except trusted keys). */
    private static String sample(String key) {
        return switch (key) {
            case "EMOTION_STREAM_MODEL_TRUSTED_KEYS" ->
                DEPLOY.resolve("README.md").toString();
            case "EMOTION_STREAM_TOPIC_IMAGES_PARTITIONS" -> "12";
            case "EMOTION_STREAM_MODEL_SOURCE" -> "topic";
            case "EMOTION_STREAM_MODEL_SELECTOR" -> "alias:champion";
            case "EMOTION_STREAM_BOOTSTRAP_SERVERS" -> "kafka:9092";
            case "EMOTION_STREAM_METRICS_HOST" -> "0.0.0.0";
            case "EMOTION_STREAM_STATE_DIR" -> "/tmp/state";
            default -> "x";
        };
    }

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode doc = iterator.next();
                if (doc != null && !(doc instanceof ObjectNode o && o.isEmpty())) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
