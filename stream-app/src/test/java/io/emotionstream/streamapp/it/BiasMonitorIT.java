package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.Setting;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import io.emotionstream.testkit.TopicFollower;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bias monitoring on a real broker: labels arriving after the predictions (and twice), per-group accuracy and Wilson
 * bounds checked against an independent count, a verdict turned UNFAIR, alerted, and resolved by later labels, and bounded metric cardinality
 * under a flood of distinct group values.
 */
class BiasMonitorIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    private TopicFollower metrics;
    private TopicFollower alertFollower;

    @Test
    void shouldJoinDelayedLabelsOnceMeasureGroupsAndRaiseThenResolveAnAlert() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "monitor-model");
        StreamAppConfig config = config(run, registry);
        try (StreamApp app = StreamApp.start(config);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            // given 60 unlabelled events from each of two groups, classified
            sendEvents(producer, config, "a", 0, 60, Map.of());
            sendEvents(producer, config, "b", 0, 60, Map.of());
            Map<String, EmotionPrediction> predicted = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().predictions(), 120, Duration.ofSeconds(90));
            assertThat(predicted).hasSize(120);

            // when labels arrive afterwards: group a all right, group b right for 12 of 60; ten labels come twice
            for (int i = 0; i < 60; i++) {
                sendLabel(
                        producer,
                        config,
                        "a" + i,
                        predicted.get("a" + i).getPredicted().name());
                sendLabel(
                        producer,
                        config,
                        "b" + i,
                        i < 12
                                ? predicted.get("b" + i).getPredicted().name()
                                : other(predicted.get("b" + i).getPredicted()));
            }
            for (int i = 0; i < 10; i++) {
                sendLabel(
                        producer, config, "a" + i, other(predicted.get("a" + i).getPredicted()));
            }
            producer.flush();

            // then each prediction is scored exactly once, as counted independently
            try (TopicFollower metricsTopic = new TopicFollower(
                            kafka.bootstrapServers(), config.topics().biasMetrics());
                    TopicFollower alertsTopic = new TopicFollower(
                            kafka.bootstrapServers(), config.topics().biasAlerts())) {
                metrics = metricsTopic;
                alertFollower = alertsTopic;
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    drain();
                    return cumulative(config, "a").map(GroupAccuracy::getN).orElse(0L) == 60
                            && cumulative(config, "b").map(GroupAccuracy::getN).orElse(0L) == 60;
                });
                GroupAccuracy a = cumulative(config, "a").orElseThrow();
                GroupAccuracy b = cumulative(config, "b").orElseThrow();
                assertThat(a.getCorrect()).isEqualTo(60);
                assertThat(b.getCorrect()).isEqualTo(12);
                assertWilson(b, 12, 60);
                assertWilson(a, 60, 60);
                assertThat(scrape(app))
                        .contains("emotion_labels_total{outcome=\"joined\"} 120.0")
                        .contains("emotion_labels_total{outcome=\"duplicate\"} 10.0");

                // and the gap (1.0 vs 0.2 in the end, n = 60 each) made the verdict UNFAIR and raised an alert
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    drain();
                    return alerts().stream().anyMatch(x -> x.getStatus() == AlertStatus.RAISED);
                });
                BiasAlert raised = alerts().get(0);
                assertThat(raised.getMinGroup()).isEqualTo("b");
                assertThat(raised.getMaxGroup()).isEqualTo("a");
                assertThat(raised.getState()).isEqualTo(FairnessState.UNFAIR);
                assertThat(raised.getRate()).isEqualTo("accuracy");
                assertThat(raised.getEValue()).isGreaterThanOrEqualTo(raised.getEvidenceThreshold());
                assertThat(raised.getPValue()).isLessThanOrEqualTo(0.05);
                assertThat(verdict().getState()).isEqualTo(FairnessState.UNFAIR);

                // when both groups are then classified right 300 times each, labels after the raise show the gap closed
                sendEvents(producer, config, "a", 60, 300, Map.of());
                sendEvents(producer, config, "b", 60, 300, Map.of());
                Map<String, EmotionPrediction> more = Committed.readPredictions(
                        kafka.bootstrapServers(), config.topics().predictions(), 720, Duration.ofSeconds(120));
                for (int i = 60; i < 360; i++) {
                    sendLabel(
                            producer,
                            config,
                            "a" + i,
                            more.get("a" + i).getPredicted().name());
                    sendLabel(
                            producer,
                            config,
                            "b" + i,
                            more.get("b" + i).getPredicted().name());
                }
                producer.flush();
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    drain();
                    return alerts().stream().anyMatch(x -> x.getStatus() == AlertStatus.RESOLVED);
                });
                // the verdict can turn before the last labels are scored: wait for all 360 of group b, then check
                // counts
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    drain();
                    return cumulative(config, "b").map(GroupAccuracy::getN).orElse(0L) == 360;
                });
                assertThat(alerts())
                        .extracting(BiasAlert::getStatus)
                        .containsExactly(AlertStatus.RAISED, AlertStatus.RESOLVED);
                assertThat(verdict().getState()).isEqualTo(FairnessState.FAIR);
                assertThat(cumulative(config, "b").orElseThrow().getCorrect()).isEqualTo(312);
                assertThat(scrape(app))
                        .contains("emotion_fairness_state{attribute=\"ethnicity\",model=\"monitor-model\","
                                + "model_version=\"1\",role=\"champion\",state=\"fair\"} 1.0");
            }

            // and a flood of 100 distinct group values leaves at most max.groups (5) values in the metric tags
            for (int i = 0; i < 100; i++) {
                sendEvents(producer, config, "v" + i + "-", 0, 1, Map.of("label", "anger"));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> groupTagValues(scrape(app)).size() >= 5);
            Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().predictions(), 820, Duration.ofSeconds(60));
            Set<String> tags = groupTagValues(scrape(app));
            assertThat(tags).hasSize(5).contains("a", "b", "other");
        }
    }

    private static void assertWilson(GroupAccuracy g, long correct, long n) {
        double p = (double) correct / n;
        double z = 1.959963984540054;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        assertThat(g.getAccuracy()).isCloseTo(p, within(1e-12));
        assertThat(g.getWilsonLow()).isCloseTo(Math.max(0, centre - half), within(1e-9));
        assertThat(g.getWilsonHigh()).isCloseTo(Math.min(1, centre + half), within(1e-9));
    }

    private List<BiasAlert> alerts() {
        return alertFollower.values().stream()
                .map(v -> Topics.alertSerde().decode(v))
                .toList();
    }

    private FairnessVerdict verdict() {
        return metrics.latest().entrySet().stream()
                .filter(e -> e.getKey().equals("verdict/monitor-model/1/champion/ethnicity"))
                .map(e -> Topics.verdictSerde().decode(e.getValue()))
                .findFirst()
                .orElseThrow();
    }

    private Optional<GroupAccuracy> cumulative(StreamAppConfig config, String group) {
        String suffix = "/champion/cumulative/0/ethnicity/" + group;
        return metrics.latest().entrySet().stream()
                .filter(e -> e.getKey().startsWith("accuracy/") && e.getKey().endsWith(suffix))
                .map(e -> Topics.groupAccuracySerde().decode(e.getValue()))
                .findFirst();
    }

    private void drain() {
        metrics.poll();
        alertFollower.poll();
    }

    private static Set<String> groupTagValues(String metrics) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("emotion_scored_total\\{[^}]*attribute=\"ethnicity\"[^}]*group=\"([^\"]*)\"")
                .matcher(metrics);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String other(EmotionLabel predicted) {
        return predicted == EmotionLabel.ANGER ? "fear" : "anger";
    }

    private static void sendEvents(
            KafkaProducer<byte[], byte[]> producer,
            StreamAppConfig config,
            String group,
            int from,
            int count,
            Map<String, String> inline) {
        for (int i = from; i < from + count; i++) {
            String id = group + i;
            FaceImageEvent event = FaceImageEvent.newBuilder()
                    .setEventId(id)
                    .setEventTime(Instant.now())
                    .setSource("it")
                    .setImage(ByteBuffer.wrap(Images.png(i % 256)))
                    .setImageFormat(ImageFormat.PNG)
                    .setSubjectId(null)
                    .setLabel(inline.containsKey("label") ? EmotionLabel.ANGER : null)
                    .setGroups(Map.of("ethnicity", group))
                    .build();
            producer.send(new ProducerRecord<>(
                    config.topics().images(),
                    id.getBytes(StandardCharsets.UTF_8),
                    Topics.imageEventSerde().encode(event)));
        }
    }

    private static void sendLabel(
            KafkaProducer<byte[], byte[]> producer, StreamAppConfig config, String id, String label) {
        producer.send(new ProducerRecord<>(
                config.topics().labels(),
                id.getBytes(StandardCharsets.UTF_8),
                Topics.labelSerde().encode(new GroundTruthLabel(id, label.toLowerCase(), Instant.now(), "it"))));
    }

    private static String scrape(StreamApp app) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private StreamAppConfig config(String run, Path registry) {
        return StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .monitorAttributes(List.of("ethnicity"))
                .set(Setting.MONITOR_MAX_GROUPS, "5")
                .monitorMinSamples(20)
                .set(Setting.MONITOR_GAP_TOLERANCE, "0.3")
                .monitorWindows("tumbling:1h")
                .build();
    }
}
