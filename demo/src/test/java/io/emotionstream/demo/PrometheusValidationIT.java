package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and rules against a real Prometheus (Debian's, installed by scripts/install-test-tools.sh): the demo
 * runs, Prometheus scrapes it every second with the project's rule file, and every PromQL expression of every
 * Grafana panel, and every recording rule, must return data. Skips when prometheus/promtool are not installed.
 */
class PrometheusValidationIT {
    private static final Path DEPLOY = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "deploy");
    private static final Path RULES =
            DEPLOY.resolve("prometheus/rules/emotion-stream.rules.yml").toAbsolutePath();
    private static final Path DASHBOARD =
            DEPLOY.resolve("grafana/dashboards/emotion-stream.json").toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldAnswerEveryDashboardQueryAndRecordingRuleFromARunningApp() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/prometheus")) && Files.isExecutable(Path.of("/usr/bin/promtool")),
                "Debian's prometheus package is not installed (scripts/install-test-tools.sh)");
        assertThat(run("/usr/bin/promtool", "check", "rules", RULES.toString())).isZero();

        // given the demo running with a known metrics port
        int metricsPort = freePort();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Demo.Options options = Demo.Options.parse(
                new String[] {
                    "--seconds",
                    "150",
                    "--rate",
                    "60",
                    "--metrics-port",
                    Integer.toString(metricsPort),
                    "--registry",
                    dir.resolve("models").toString(),
                    "--keys",
                    dir.resolve("keys").toString(),
                    "--state",
                    dir.resolve("state").toString()
                },
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        Thread demo = new Thread(
                () -> {
                    try {
                        Demo.run(options);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "demo-under-prometheus");
        demo.setDaemon(true);
        demo.start();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> get("http://127.0.0.1:" + metricsPort + "/metrics").contains("emotion_scored_total"));

        // and Prometheus scraping it every second with the project's rules
        int promPort = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: emotion-stream
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(RULES, metricsPort));
        assertThat(run("/usr/bin/promtool", "check", "config", config.toString()))
                .isZero();
        Process prometheus = new ProcessBuilder(
                        "/usr/bin/prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            // then every expression returns at least one series
            Map<String, String> expressions = expressions();
            assertThat(expressions).hasSizeGreaterThan(15);
            List<String> missing = new ArrayList<>(expressions.keySet());
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(3))
                    .until(() -> {
                        missing.removeIf(expr -> hasData(promPort, expr));
                        return missing.isEmpty();
                    });
            JsonNode rules = json.readTree(get("http://127.0.0.1:" + promPort + "/api/v1/rules"));
            for (JsonNode group : rules.at("/data/groups")) {
                for (JsonNode rule : group.get("rules")) {
                    assertThat(rule.get("health").asText())
                            .as(rule.get("name").asText())
                            .isEqualTo("ok");
                }
            }
        } finally {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
            // Stopped and waited for: a demo still closing its stores when the test JVM exits aborts it natively
            // ("pthread lock: Invalid argument"), and failsafe then fails the whole run.
            demo.interrupt();
            demo.join(Duration.ofSeconds(60).toMillis());
        }
        assertThat(demo.isAlive())
                .as("the demo stops when its thread is interrupted")
                .isFalse();
    }

    /** Every panel query of the dashboard and every recording rule, by a readable name. */
    private Map<String, String> expressions() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : json.readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                out.put(target.get("expr").asText(), panel.get("title").asText());
            }
        }
        for (String line : Files.readAllLines(RULES)) {
            if (line.trim().startsWith("- record:")) {
                String name = line.trim().substring("- record:".length()).trim();
                out.put(name, "recording rule");
            }
        }
        return out;
    }

    private boolean hasData(int port, String expr) {
        try {
            JsonNode answer = json.readTree(get("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
            return "success".equals(answer.path("status").asText())
                    && answer.at("/data/result").size() > 0;
        } catch (Exception notYet) {
            return false;
        }
    }

    private String get(String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        return p.waitFor();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
