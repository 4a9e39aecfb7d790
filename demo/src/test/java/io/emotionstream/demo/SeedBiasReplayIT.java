package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import io.emotionstream.testkit.TopicFollower;
import io.emotionstream.tools.Tools;
import io.emotionstream.trainer.cli.TrainerCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed notebook's finding, replayed live: a model trained on one population is streamed faces of both, and the
 * accuracy gap appears in the bias-metrics topic, as an alert, and in Prometheus.
 */
class SeedBiasReplayIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldShowTheGapOfAModelTrainedOnOnePopulation() throws Exception {
        // given a model trained on population a only
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        assertThat(TrainerCli.execute(
                        "train",
                        "--data",
                        "synthetic:a",
                        "--registry",
                        registry.toString(),
                        "--name",
                        "replay",
                        "--epochs",
                        "25"))
                .isZero();
        StreamAppConfig config = config(run, registry);
        try (StreamApp app = StreamApp.start(config);
                TopicFollower metrics = new TopicFollower(
                        kafka.bootstrapServers(), config.topics().biasMetrics());
                TopicFollower alerts = new TopicFollower(
                        kafka.bootstrapServers(), config.topics().biasAlerts())) {
            // when new faces of both populations (not the training identities) stream in with their labels
            for (String population : List.of("a", "b")) {
                assertThat(Tools.execute(
                                "produce",
                                "--data",
                                "synthetic:" + population + ":10:4",
                                "--seed",
                                "7",
                                "--limit",
                                "120",
                                "--rate",
                                "0",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--topic",
                                config.topics().images()))
                        .isZero();
            }

            // then both populations are measured on all 120 events each, far apart
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> accuracy(metrics.poll(), "a")
                                            .map(GroupAccuracy::getN)
                                            .orElse(0L)
                                    == 120
                            && accuracy(metrics, "b").map(GroupAccuracy::getN).orElse(0L) == 120);
            GroupAccuracy a = accuracy(metrics, "a").orElseThrow();
            GroupAccuracy b = accuracy(metrics, "b").orElseThrow();
            AccuracyGap gap =
                    Topics.gapSerde().decode(metrics.latest().get("gap/replay/1/champion/cumulative/0/population"));
            System.out.printf(
                    "replay: population a %.3f [%.3f, %.3f], b %.3f [%.3f, %.3f], gap %.3f, p=%.2g%n",
                    a.getAccuracy(),
                    a.getWilsonLow(),
                    a.getWilsonHigh(),
                    b.getAccuracy(),
                    b.getWilsonLow(),
                    b.getWilsonHigh(),
                    gap.getGap(),
                    gap.getPValue());
            assertThat(a.getWilsonLow()).as("the intervals do not overlap").isGreaterThan(b.getWilsonHigh());
            assertThat(gap.getMaxGroup()).isEqualTo("a");
            assertThat(gap.getGap()).isGreaterThan(0.2);
            assertThat(gap.getSignificant()).isTrue();

            // and an alert names it, and Prometheus shows it
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> alerts.poll().values().stream()
                            .map(v -> Topics.alertSerde().decode(v))
                            .anyMatch(x -> x.getStatus() == AlertStatus.RAISED));
            BiasAlert alert = Topics.alertSerde().decode(alerts.values().get(0));
            assertThat(alert.getAttribute()).isEqualTo("population");
            assertThat(alert.getMinGroup()).isEqualTo("b");
            assertThat(alert.getState()).isEqualTo(FairnessState.UNFAIR);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metrics.poll().latest().containsKey(VERDICT));
            FairnessVerdict verdict =
                    Topics.verdictSerde().decode(metrics.latest().get(VERDICT));
            System.out.printf(
                    "replay: verdict %s, raised by %s with e-value %.3g (threshold %.3g)%n",
                    verdict.getState(),
                    verdict.getRaisedBy(),
                    verdict.getRaisedEValue(),
                    verdict.getEvidenceThreshold());
            assertThat(verdict.getState()).isEqualTo(FairnessState.UNFAIR);
            assertThat(verdict.getRaisedEValue()).isGreaterThanOrEqualTo(verdict.getEvidenceThreshold());
            String scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher gauge = Pattern.compile(
                            "emotion_accuracy_gap\\{attribute=\"population\",model=\"replay\",model_version=\"1\","
                                    + "role=\"champion\",window=\"cumulative\"} ([0-9.]+)")
                    .matcher(scrape);
            assertThat(gauge.find()).as(scrape).isTrue();
            assertThat(Double.parseDouble(gauge.group(1))).isGreaterThan(0.2);
            assertThat(scrape)
                    .contains("emotion_fairness_state{attribute=\"population\",model=\"replay\",model_version=\"1\","
                            + "role=\"champion\",state=\"unfair\"} 1.0");
        }
    }

    private static final String VERDICT = "verdict/replay/1/champion/population";

    @Test
    void shouldShowTheSeedGapBetweenCkPlusAndJaffe_whenTheDatasetsArePresent() throws Exception {
        Path datasets = Path.of(System.getProperty("emotionstream.shared.dir", "../../shared"), "datasets");
        Assumptions.assumeTrue(
                Files.isDirectory(datasets.resolve("CK+48")) && Files.isDirectory(datasets.resolve("JAFFE")),
                "../shared/datasets not present");
        // given the seed's CK+ model (trained on CK+48's random split)
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        assertThat(TrainerCli.execute(
                        "train",
                        "--data",
                        datasets.resolve("CK+48").toString(),
                        "--registry",
                        registry.toString(),
                        "--name",
                        "replay",
                        "--epochs",
                        "25"))
                .isZero(); // enough for the gap; the seed table trains longer
        StreamAppConfig config = config(run, registry);
        try (StreamApp app = StreamApp.start(config);
                TopicFollower metrics = new TopicFollower(
                        kafka.bootstrapServers(), config.topics().biasMetrics())) {
            // when every CK+ and JAFFE image streams in with its label
            for (String dataset : List.of("JAFFE", "CK+48")) {
                assertThat(Tools.execute(
                                "produce",
                                "--data",
                                datasets.resolve(dataset).toString(),
                                "--rate",
                                "0",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--topic",
                                config.topics().images()))
                        .isZero();
            }

            // then the gap between the datasets shows, as in the seed (CK+ includes the training images: optimistic)
            String prefix = "accuracy/replay/1/champion/cumulative/0/dataset/";
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> n(metrics.poll(), prefix + "jaffe") >= 150 && n(metrics, prefix + "ckplus") >= 900);
            GroupAccuracy ck = accuracyAt(metrics, prefix + "ckplus").orElseThrow();
            GroupAccuracy jaffe = accuracyAt(metrics, prefix + "jaffe").orElseThrow();
            System.out.printf(
                    "replay (real data): CK+ %.3f [%.3f, %.3f] n=%d, JAFFE %.3f [%.3f, %.3f] n=%d%n",
                    ck.getAccuracy(),
                    ck.getWilsonLow(),
                    ck.getWilsonHigh(),
                    ck.getN(),
                    jaffe.getAccuracy(),
                    jaffe.getWilsonLow(),
                    jaffe.getWilsonHigh(),
                    jaffe.getN());
            assertThat(ck.getWilsonLow()).isGreaterThan(jaffe.getWilsonHigh());
        }
    }

    private static Optional<GroupAccuracy> accuracyAt(TopicFollower metrics, String key) {
        return Optional.ofNullable(metrics.latest().get(key))
                .map(v -> Topics.groupAccuracySerde().decode(v));
    }

    private static long n(TopicFollower metrics, String key) {
        return accuracyAt(metrics, key).map(GroupAccuracy::getN).orElse(0L);
    }

    private static Optional<GroupAccuracy> accuracy(TopicFollower metrics, String population) {
        return accuracyAt(metrics, "accuracy/replay/1/champion/cumulative/0/population/" + population);
    }

    private StreamAppConfig config(String run, Path registry) {
        return StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .monitorAttributes(List.of("population", "dataset"))
                .build();
    }
}
