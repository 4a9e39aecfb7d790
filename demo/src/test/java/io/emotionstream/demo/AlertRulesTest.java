package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every Prometheus alert rule is shown to fire and to stay quiet: {@code promtool test rules} runs the unit tests in
 * deploy/prometheus/rules/emotion-stream.rules.test.yml (input series, evaluation times, the alerts expected with
 * their labels and annotations), and every alert of the rule file must have a case of each kind there. Skips (and
 * is listed at the end of the build) where Debian's promtool is not installed (scripts/install-test-tools.sh).
 */
class AlertRulesTest {
    private static final Path RULES = Path.of(
                    System.getProperty("maven.multiModuleProjectDirectory", ".."), "deploy", "prometheus", "rules")
            .toAbsolutePath();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void shouldHaveAFiringAndAQuietCaseForEveryAlert() throws IOException {
        // given the alerts of the rule file
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : YAML.readTree(
                        RULES.resolve("emotion-stream.rules.yml").toFile())
                .path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    alerts.add(rule.path("alert").asText());
                }
            });
        }

        // when the unit tests' cases are read
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : YAML.readTree(
                        RULES.resolve("emotion-stream.rules.test.yml").toFile())
                .path("tests")) {
            test.path("alert_rule_test")
                    .forEach(check -> (check.path("exp_alerts").isEmpty() ? quiet : firing)
                            .add(check.path("alertname").asText()));
        }

        // then each alert has both
        assertThat(alerts).hasSizeGreaterThan(10);
        assertThat(firing).as("alerts with a case that makes them fire").containsAll(alerts);
        assertThat(quiet).as("alerts with a case that keeps them quiet").containsAll(alerts);
    }

    @Test
    void shouldPassPromtoolsUnitTestsOfTheAlertRules() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "Debian's promtool is not installed (scripts/install-test-tools.sh)");

        Process process = new ProcessBuilder(promtool.toString(), "test", "rules", "emotion-stream.rules.test.yml")
                .directory(RULES.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
