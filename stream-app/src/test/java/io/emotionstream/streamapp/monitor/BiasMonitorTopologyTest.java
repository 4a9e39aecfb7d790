package io.emotionstream.streamapp.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import io.emotionstream.schemas.events.FaceLocationResult;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.events.PredictionCalibration;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.EstimatorState;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.monitor.LabelFreeEstimate;
import io.emotionstream.schemas.monitor.LabelParity;
import io.emotionstream.schemas.monitor.MixDrift;
import io.emotionstream.schemas.monitor.PromotionDecision;
import io.emotionstream.schemas.monitor.WindowKind;
import io.emotionstream.streamapp.errors.FailureBreaker;
import io.emotionstream.streamapp.testkit.TopologyTestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BiasMonitorTopologyTest {
    private static final Topics TOPICS = new Topics(
            "images",
            "predictions",
            "dead-letters",
            "shadow",
            "models",
            "labels",
            "bias-metrics",
            "bias-alerts",
            "monitor-feed",
            "erasures");
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final MonitorSettings SETTINGS = new MonitorSettings(
            Set.of("ethnicity", "source", "face"),
            4,
            10,
            0.2,
            0.05,
            Duration.ofHours(1),
            List.of(new MonitorSettings.WindowSpec(
                    WindowKind.TUMBLING, Duration.ofMinutes(10), Duration.ofMinutes(10))),
            Duration.ofMinutes(1));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FailureBreaker breaker = FailureBreaker.withDefaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, EmotionPrediction> predictions;
    private TestInputTopic<String, EmotionPrediction> shadow;
    private TestInputTopic<String, byte[]> labels;
    private TestOutputTopic<String, byte[]> metricsOut;
    private TestOutputTopic<String, BiasAlert> alerts;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        var errors = TopologyTestSettings.errorHandling("monitor", TOPICS, registry, breaker);
        var topology = BiasMonitorTopology.build(
                TOPICS, SETTINGS, EventLimits.DEFAULT, new MonitorMetrics(registry, SETTINGS), errors);
        driver = new TopologyTestDriver(topology, TopologyTestSettings.properties("monitor-test", errors), T0);
        predictions = driver.createInputTopic(
                TOPICS.monitorFeed(),
                Serdes.String().serializer(),
                Topics.predictionSerde().serializer());
        // both roles reach the monitor on its one feed; two handles keep the tests saying which role they send
        shadow = driver.createInputTopic(
                TOPICS.monitorFeed(),
                Serdes.String().serializer(),
                Topics.predictionSerde().serializer());
        labels = driver.createInputTopic(
                TOPICS.labels(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        metricsOut = driver.createOutputTopic(
                TOPICS.biasMetrics(),
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        alerts = driver.createOutputTopic(
                TOPICS.biasAlerts(),
                Serdes.String().deserializer(),
                Topics.alertSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldScoreADelayedLabelExactlyOnceForChampionAndChallenger() {
        // given a champion and a challenger prediction waiting for their label
        predictions.pipeInput(
                "e1", prediction("e1", "east_asian", EmotionLabel.HAPPINESS, null, ModelRole.CHAMPION, 1), T0);
        shadow.pipeInput("e1", prediction("e1", "east_asian", EmotionLabel.SADNESS, null, ModelRole.CHALLENGER, 2), T0);
        assertThat(latestAccuracies()).isEmpty();

        // when the label arrives 20 minutes later, and then again (a duplicate)
        labels.pipeInput("e1", label("e1", "happy", T0.plus(Duration.ofMinutes(20))), T0.plus(Duration.ofMinutes(20)));
        labels.pipeInput(
                "e1", label("e1", "happiness", T0.plus(Duration.ofMinutes(21))), T0.plus(Duration.ofMinutes(21)));

        // then each model is scored once: the champion right, the challenger wrong
        Map<String, GroupAccuracy> cumulative = latestAccuracies().entrySet().stream()
                .filter(e -> e.getKey().contains("/cumulative/") && e.getKey().contains("/ethnicity/"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(cumulative.get("accuracy/m/1/champion/cumulative/0/ethnicity/east_asian"))
                .extracting(GroupAccuracy::getN, GroupAccuracy::getCorrect)
                .containsExactly(1L, 1L);
        assertThat(cumulative.get("accuracy/m/2/challenger/cumulative/0/ethnicity/east_asian"))
                .extracting(GroupAccuracy::getN, GroupAccuracy::getCorrect)
                .containsExactly(1L, 0L);
        assertThat(counter("emotion_labels", "outcome", "joined")).isEqualTo(1);
        assertThat(counter("emotion_labels", "outcome", "duplicate")).isEqualTo(1);
        assertThat(registry.get("emotion_label_lag").timer().totalTime(TimeUnit.MINUTES))
                .isEqualTo(20.0);
    }

    @Test
    void shouldForgetAnErasedEventInEveryStore_soThatItsLabelNoLongerScoresIt() {
        // given a prediction waiting for its label, a label waiting for its prediction, and an erasures topic
        predictions.pipeInput("x1", prediction("x1", "white", EmotionLabel.HAPPINESS, null, ModelRole.CHAMPION, 1), T0);
        labels.pipeInput("x2", label("x2", "fear", T0), T0);
        TestInputTopic<String, byte[]> erasures = driver.createInputTopic(
                TOPICS.erasures(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());

        // when both events and one the monitor never saw are erased
        for (String id : List.of("x1", "x2", "x3")) {
            erasures.pipeInput(id, "request-1".getBytes(StandardCharsets.UTF_8), T0);
        }

        // then nothing of them is left in the stores, each request is counted by what it found
        assertThat(driver.<String, Object>getKeyValueStore(LabelJoinProcessor.AWAITING)
                        .get("x1"))
                .isNull();
        assertThat(driver.<String, Object>getKeyValueStore(LabelJoinProcessor.HELD)
                        .get("x2"))
                .isNull();
        assertThat(counter("emotion_erasures", "outcome", "erased")).isEqualTo(2);
        assertThat(counter("emotion_erasures", "outcome", "nothing_held")).isEqualTo(1);
        // and the erased prediction's label, arriving afterwards, has nothing to score
        labels.pipeInput("x1", label("x1", "happy", T0.plus(Duration.ofMinutes(1))), T0.plus(Duration.ofMinutes(1)));
        assertThat(latestAccuracies()).isEmpty();
    }

    @Test
    void shouldDeadLetterAnErasureRequestWithoutAnEventId_andGoOn() {
        // given
        TestInputTopic<String, byte[]> erasures = driver.createInputTopic(
                TOPICS.erasures(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());

        // when a request has no key, and another a request id past the bound
        erasures.pipeInput((String) null, "request-2".getBytes(StandardCharsets.UTF_8), T0);
        erasures.pipeInput("x4", new byte[LabelJoinProcessor.MAX_REQUEST_ID_BYTES + 1], T0);
        predictions.pipeInput(
                "x5",
                prediction("x5", "white", EmotionLabel.HAPPINESS, EmotionLabel.HAPPINESS, ModelRole.CHAMPION, 1),
                T0);

        // then both are dead letters with the reason, and the monitor still scores
        assertThat(deadLetters.readRecordsToList())
                .extracting(r -> header(r, "dlq.reason"))
                .containsExactly("invalid_erasure_request", "invalid_erasure_request");
        assertThat(latestAccuracies().get("accuracy/m/1/champion/cumulative/0/ethnicity/white"))
                .extracting(GroupAccuracy::getN)
                .isEqualTo(1L);
    }

    @Test
    void shouldScoreAPredictionWhoseLabelCameFirst_andCountUnscorableAndLateLabels() {
        labels.pipeInput("e2", label("e2", "surprise", T0), T0);
        predictions.pipeInput("e2", prediction("e2", "white", EmotionLabel.SURPRISE, null, ModelRole.CHAMPION, 1), T0);
        labels.pipeInput("e3", label("e3", "contempt", T0), T0);
        predictions.pipeInput("e4", prediction("e4", "white", EmotionLabel.FEAR, null, ModelRole.CHAMPION, 1), T0);
        labels.pipeInput("e4", label("e4", "fear", T0.plus(Duration.ofHours(2))), T0);

        assertThat(latestAccuracies().get("accuracy/m/1/champion/cumulative/0/ethnicity/white"))
                .extracting(GroupAccuracy::getN, GroupAccuracy::getCorrect)
                .containsExactly(1L, 1L);
        assertThat(counter("emotion_labels", "outcome", "unscorable")).isEqualTo(1);
        assertThat(counter("emotion_labels", "outcome", "late")).isEqualTo(1);
    }

    @Test
    void shouldScoreNeutralLabels_andReportNeutralOnlyOnceItWasCounted() {
        // given a six-class deployment's figures: six classes
        predictions.pipeInput(
                "n1",
                prediction("n1", "white", EmotionLabel.HAPPINESS, EmotionLabel.HAPPINESS, ModelRole.CHAMPION, 1),
                T0);
        GroupAccuracy six = latestAccuracies().get("accuracy/m/1/champion/cumulative/0/ethnicity/white");
        assertThat(six.getRecall()).doesNotContainKey("neutral");
        assertThat(six.getConfusion()).hasSize(6);

        // when a seven-class model answers neutral for a neutral face (label inline), calls another neutral face
        // happy (label on the labels topic, spelled as JAFFE does), and says neutral for a sad face
        predictions.pipeInput(
                "n2", prediction("n2", "white", EmotionLabel.NEUTRAL, EmotionLabel.NEUTRAL, ModelRole.CHAMPION, 1), T0);
        predictions.pipeInput("n3", prediction("n3", "white", EmotionLabel.HAPPINESS, null, ModelRole.CHAMPION, 1), T0);
        labels.pipeInput("n3", label("n3", "NE", T0.plusSeconds(5)), T0.plusSeconds(5));
        predictions.pipeInput(
                "n4", prediction("n4", "white", EmotionLabel.NEUTRAL, EmotionLabel.SADNESS, ModelRole.CHAMPION, 1), T0);

        // then neutral is scored like any class: accuracy counts it, and the figures name it
        GroupAccuracy seven = latestAccuracies().get("accuracy/m/1/champion/cumulative/0/ethnicity/white");
        assertThat(seven)
                .extracting(GroupAccuracy::getN, GroupAccuracy::getCorrect)
                .containsExactly(4L, 2L);
        assertThat(seven.getRecall()).containsEntry("neutral", 0.5).containsEntry("sadness", 0.0);
        assertThat(seven.getPredicted()).containsEntry("neutral", 2L).containsEntry("happiness", 2L);
        assertThat(seven.getConfusion())
                .hasSize(7)
                .allSatisfy(row -> assertThat(row).hasSize(7));
        assertThat(seven.getConfusion().get(6)).containsExactly(0L, 0L, 0L, 1L, 0L, 0L, 1L);
        assertThat(counter("emotion_labels", "outcome", "unscorable")).isZero();
    }

    @Test
    void shouldDeadLetterUnreadableLabelsWithTheirDigest() {
        labels.pipeInput("e5", "not avro".getBytes(StandardCharsets.UTF_8), T0);

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value())
                .as("a label names a person and their groups: not kept")
                .isNull();
        assertThat(header(dead, "dlq.value.sha256")).isEqualTo(sha256Hex("not avro".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(dead.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("undecodable_label");
        assertThat(new String(dead.headers().lastHeader("dlq.topic").value(), StandardCharsets.UTF_8))
                .isEqualTo("labels");
    }

    @Test
    void shouldDeadLetterPredictionsThatWouldOnceHaveStoppedTheMonitor_andGoOnScoring() {
        // given an inline-labelled prediction with a 70,000-character source (it once broke the aggregate store's
        // serializer) and one whose event time is two hours ahead (the broker refused it on the repartition topic)
        EmotionPrediction longSource =
                prediction("long", "white", EmotionLabel.ANGER, EmotionLabel.ANGER, ModelRole.CHAMPION, 1);
        longSource.setSource("s".repeat(70_000));
        EmotionPrediction future =
                prediction("future", "white", EmotionLabel.ANGER, EmotionLabel.ANGER, ModelRole.CHAMPION, 1);
        future.setEventTime(T0.plus(Duration.ofHours(2)));
        EmotionPrediction longGroup =
                prediction("group", "w".repeat(300), EmotionLabel.ANGER, EmotionLabel.ANGER, ModelRole.CHAMPION, 1);

        // when they arrive, with junk and a prediction of no known emotion, then a good one
        predictions.pipeInput("long", longSource, T0);
        predictions.pipeInput("future", future, T0);
        predictions.pipeInput("group", longGroup, T0);
        driver.createInputTopic(
                        TOPICS.monitorFeed(),
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput("junk", "junk".getBytes(StandardCharsets.UTF_8), T0);
        predictions.pipeInput(
                "unknown",
                prediction("unknown", "white", EmotionLabel.UNKNOWN, EmotionLabel.ANGER, ModelRole.CHAMPION, 1),
                T0);
        predictions.pipeInput(
                "good", prediction("good", "white", EmotionLabel.ANGER, EmotionLabel.ANGER, ModelRole.CHAMPION, 1), T0);

        // then each is a dead letter with its reason and its bytes' digest, and the good one is scored
        var dead = deadLetters.readRecordsToList();
        assertThat(dead)
                .extracting(r -> new String(r.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                .containsExactly(
                        "metadata_too_large",
                        "bad_event_time",
                        "metadata_too_large",
                        "undecodable_prediction",
                        "undecodable_prediction");
        assertThat(dead).extracting(r -> r.value()).containsOnlyNulls();
        assertThat(Integer.parseInt(header(dead.get(0), "dlq.value.size"))).isGreaterThan(70_000);
        assertThat(header(dead.get(3), "dlq.value.sha256"))
                .isEqualTo(sha256Hex("junk".getBytes(StandardCharsets.UTF_8)));
        assertThat(latestAccuracies().get("accuracy/m/1/champion/cumulative/0/ethnicity/white"))
                .extracting(GroupAccuracy::getN)
                .isEqualTo(1L);
        assertThat(counter("emotion_dead_letters", "reason", "metadata_too_large"))
                .isEqualTo(2);
    }

    @Test
    void shouldDeadLetterLabelsWithAnOversizedEventId() {
        labels.pipeInput("x", label("x".repeat(300), "happy", T0), T0);

        assertThat(new String(
                        deadLetters
                                .readRecord()
                                .headers()
                                .lastHeader("dlq.reason")
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("metadata_too_large");
    }

    @Test
    void shouldKeepAtMostACappedNumberOfPredictionsPerEventAwaitingItsLabel() {
        // given one event predicted far more often than champion and challenger ever would
        for (int i = 0; i < LabelJoinProcessor.MAX_PREDICTIONS_PER_EVENT + 5; i++) {
            predictions.pipeInput(
                    "same", prediction("same", "white", EmotionLabel.ANGER, null, ModelRole.CHAMPION, 1), T0);
        }

        // when its label comes
        labels.pipeInput("same", label("same", "anger", T0), T0);

        // then the latest ones are scored, the overflow counted
        assertThat(latestAccuracies()
                        .get("accuracy/m/1/champion/cumulative/0/ethnicity/white")
                        .getN())
                .isEqualTo(LabelJoinProcessor.MAX_PREDICTIONS_PER_EVENT);
        assertThat(counter("emotion_label_join_evictions", "reason", "per_event_cap"))
                .isEqualTo(5);
    }

    @Test
    void shouldReportHowManyEntriesTheLabelJoinKeeps() {
        // given two predictions waiting and one label held
        predictions.pipeInput("w1", prediction("w1", "white", EmotionLabel.FEAR, null, ModelRole.CHAMPION, 1), T0);
        predictions.pipeInput("w2", prediction("w2", "white", EmotionLabel.FEAR, null, ModelRole.CHAMPION, 1), T0);
        labels.pipeInput("h1", label("h1", "fear", T0), T0);

        // when the expiry pass runs (every tenth of the horizon, at most a minute)
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        // then the store sizes are gauged
        assertThat(registry.get("emotion_label_join_entries")
                        .tag("store", "awaiting-labels")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
        assertThat(registry.get("emotion_label_join_entries")
                        .tag("store", "held-labels")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
    }

    @Test
    void shouldCountPredictionsWhoseLabelNeverCame() {
        predictions.pipeInput("e6", prediction("e6", "white", EmotionLabel.FEAR, null, ModelRole.CHAMPION, 1), T0);

        driver.advanceWallClockTime(Duration.ofHours(2));

        assertThat(registry.get("emotion_predictions_unlabelled").counter().count())
                .isEqualTo(1);
    }

    @Test
    void shouldReportEachGroupsLabelCoverageAndDelay() {
        // given group a: three predictions labelled 10 minutes after the event and one never; group b: two, never
        for (int i = 0; i < 4; i++) {
            predictions.pipeInput(
                    "a" + i, prediction("a" + i, "a", EmotionLabel.ANGER, null, ModelRole.CHAMPION, 1), T0);
        }
        for (int i = 0; i < 3; i++) {
            labels.pipeInput(
                    "a" + i, label("a" + i, "anger", T0.plus(Duration.ofMinutes(10))), T0.plus(Duration.ofMinutes(10)));
        }
        predictions.pipeInput("b0", prediction("b0", "b", EmotionLabel.ANGER, null, ModelRole.CHAMPION, 1), T0);
        predictions.pipeInput("b1", prediction("b1", "b", EmotionLabel.ANGER, null, ModelRole.CHAMPION, 1), T0);

        // when the horizon (1 h) passes after their arrival bucket (5 min)
        driver.advanceWallClockTime(Duration.ofHours(2));

        // then the cumulative figures know who was labelled, and how fast
        Map<String, GroupAccuracy> out = latestAccuracies();
        GroupAccuracy a = out.get("accuracy/m/1/champion/cumulative/0/ethnicity/a");
        GroupAccuracy b = out.get("accuracy/m/1/champion/cumulative/0/ethnicity/b");
        assertThat(a.getN()).isEqualTo(3);
        assertThat(a.getUnlabelled()).isEqualTo(1);
        assertThat(a.getLabelCoverage()).isEqualTo(0.75);
        assertThat(a.getMeanLabelDelaySeconds()).isEqualTo(600.0);
        assertThat(b.getN()).isZero();
        assertThat(b.getUnlabelled()).isEqualTo(2);
        assertThat(b.getLabelCoverage()).isEqualTo(0.0);
        assertThat(b.getMeanLabelDelaySeconds()).isNull();
        assertThat(registry.get("emotion_label_fates")
                        .tag("attribute", "ethnicity")
                        .tag("group", "b")
                        .tag("fate", "unlabelled")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(latestVerdict("verdict/m/1/champion/ethnicity").getLabelParity())
                .isEqualTo(LabelParity.INSUFFICIENT_EVIDENCE);
        assertThat(registry.get("emotion_group_label_coverage")
                        .tag("attribute", "ethnicity")
                        .tag("group", "a")
                        .tag("window", "cumulative")
                        .gauge()
                        .value())
                .isEqualTo(0.75);
        assertThat(registry.get("emotion_group_label_delay")
                        .tag("attribute", "ethnicity")
                        .tag("group", "a")
                        .timer()
                        .count())
                .isEqualTo(3);
        // and the windows count only scored predictions (fates are known a horizon too late for them)
        assertThat(out.get("accuracy/m/1/champion/tumbling/" + T0.toEpochMilli() + "/ethnicity/a")
                        .getN())
                .isEqualTo(3);
        assertThat(out).doesNotContainKey("accuracy/m/1/champion/tumbling/" + T0.toEpochMilli() + "/ethnicity/b");
    }

    @Test
    void shouldEstimateEachGroupsAccuracyFromItsProbabilitiesBeforeAnyLabel_andCorrectItAsLabelsCome() {
        // given a calibrated model whose reference mix is spread over the six classes; group a's predictions are all
        // "happiness" at 0.8, group b's one of each class at 0.6, none labelled yet
        for (int i = 0; i < 12; i++) {
            predictions.pipeInput("a" + i, calibrated("a" + i, "a", EmotionLabel.HAPPINESS, 0.8f, null), T0);
        }
        EmotionLabel[] classes = {
            EmotionLabel.ANGER,
            EmotionLabel.DISGUST,
            EmotionLabel.FEAR,
            EmotionLabel.HAPPINESS,
            EmotionLabel.SADNESS,
            EmotionLabel.SURPRISE
        };
        for (EmotionLabel emotion : classes) {
            predictions.pipeInput("b" + emotion, calibrated("b" + emotion, "b", emotion, 0.6f, null), T0);
        }

        // when a punctuation (a minute) passes
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        // then each group has a label-free estimate: its mean confidence, and its mix tested against the reference
        LabelFreeEstimate a = latestAccuracies()
                .get("accuracy/m/1/champion/cumulative/0/ethnicity/a")
                .getLabelFree();
        LabelFreeEstimate b =
                accuracies.get("accuracy/m/1/champion/cumulative/0/ethnicity/b").getLabelFree();
        assertThat(accuracies
                        .get("accuracy/m/1/champion/cumulative/0/ethnicity/a")
                        .getPredictions())
                .isEqualTo(12);
        assertThat(a.getCalibrated()).isTrue();
        assertThat(a.getEstimatedAccuracy()).isCloseTo(0.8, within(1e-6));
        assertThat(b.getEstimatedAccuracy()).isCloseTo(0.6, within(1e-6));
        assertThat(a.getPredictionPowered()).isNull();
        assertThat(a.getEstimator()).isEqualTo(EstimatorState.INSUFFICIENT_EVIDENCE);
        assertThat(a.getMix()).containsEntry("happiness", 1.0).containsEntry("anger", 0.0);
        assertThat(a.getReferenceMix().get("happiness")).isCloseTo(1 / 6.0, within(1e-6));
        // 12 of 12 in a class the reference gives 1/6: e-value Gamma(3)/Gamma(15) x Gamma(12.5)/Gamma(1/2) x 6^12
        // = 3,855,542 (Python's math.lgamma)
        assertThat(a.getMixDriftEValue()).isCloseTo(3_855_542, within(5.0));
        assertThat(a.getMixDriftThreshold()).isEqualTo(3 * 4 / 0.05);
        assertThat(a.getMixDrift()).isEqualTo(MixDrift.DRIFTED);
        assertThat(b.getMixDrift()).isEqualTo(MixDrift.NOT_DETECTED);
        assertThat(registry.get("emotion_group_estimated_accuracy")
                        .tag("group", "a")
                        .tag("estimate", "label_free")
                        .gauge()
                        .value())
                .isCloseTo(0.8, within(1e-6));

        // and when 40 labelled predictions of group a come, 36 right at confidence 0.8
        for (int i = 0; i < 40; i++) {
            predictions.pipeInput(
                    "al" + i,
                    calibrated(
                            "al" + i,
                            "a",
                            EmotionLabel.HAPPINESS,
                            0.8f,
                            i < 36 ? EmotionLabel.HAPPINESS : EmotionLabel.SADNESS),
                    T0);
        }
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        // then the prediction-powered estimate adds the labels' mean correction (0.9 - 0.8), with an interval around it
        LabelFreeEstimate corrected = latestAccuracies()
                .get("accuracy/m/1/champion/cumulative/0/ethnicity/a")
                .getLabelFree();
        assertThat(corrected.getLabelsUsed()).isEqualTo(40);
        assertThat(corrected.getPredictionPowered()).isCloseTo(0.9, within(1e-6));
        assertThat(corrected.getPredictionPoweredLow()).isLessThan(0.9);
        assertThat(corrected.getPredictionPoweredHigh()).isGreaterThan(0.9);
        assertThat(corrected.getBiasLow()).isLessThan(0.1);
        assertThat(corrected.getBiasHigh()).isGreaterThan(0.1);
        assertThat(registry.get("emotion_group_estimated_accuracy")
                        .tag("group", "a")
                        .tag("estimate", "prediction_powered")
                        .gauge()
                        .value())
                .isCloseTo(0.9, within(1e-6));
    }

    @Test
    void shouldPairChampionAndChallengerOnTheSameEvents_andSayPromoteWhenTheChallengerIsBetterAndNoGroupWorse() {
        // given 600 events per group, the challenger v2 right wherever the champion v1 is and on 60% of its misses;
        // a third of the events labelled later, the rest inline, the challenger's prediction sometimes first
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1_200; i++) {
            String id = "p" + i;
            String group = i % 2 == 0 ? "a" : "b";
            EmotionLabel truth = i % 3 == 0 ? EmotionLabel.SADNESS : EmotionLabel.HAPPINESS;
            boolean championRight = random.nextDouble() < 0.7;
            boolean challengerRight = championRight || random.nextDouble() < 0.6;
            boolean delayed = i % 3 == 1;
            EmotionPrediction champion = prediction(
                    id,
                    group,
                    championRight ? truth : EmotionLabel.FEAR,
                    delayed ? null : truth,
                    ModelRole.CHAMPION,
                    1);
            EmotionPrediction challenger = prediction(
                    id,
                    group,
                    challengerRight ? truth : EmotionLabel.FEAR,
                    delayed ? null : truth,
                    ModelRole.CHALLENGER,
                    2);
            if (i % 4 == 0) {
                shadow.pipeInput(id, challenger, T0);
                predictions.pipeInput(id, champion, T0);
            } else {
                predictions.pipeInput(id, champion, T0);
                shadow.pipeInput(id, challenger, T0);
            }
            if (delayed) {
                labels.pipeInput(id, label(id, truth.name().toLowerCase(), T0.plusSeconds(30)), T0.plusSeconds(30));
            }
        }

        // then the comparison counts every event once as a pair, and the rule says PROMOTE
        ChallengerComparison comparison = latestComparison("comparison/m/1/2/ethnicity");
        assertThat(comparison.getOverall().getPairs()).isEqualTo(1_200);
        assertThat(comparison.getOverall().getChampionOnly()).isZero();
        assertThat(comparison.getGroups()).containsOnlyKeys("a", "b");
        assertThat(comparison.getClasses()).containsOnlyKeys("happiness", "sadness");
        assertThat(comparison.getOverall().getDifferenceLow()).isPositive();
        assertThat(comparison.getDecision()).isEqualTo(PromotionDecision.PROMOTE);
        assertThat(comparison.getDecidedBy()).isNull();
        assertThat(registry.get("emotion_challenger_decision")
                        .tag("attribute", "ethnicity")
                        .tag("decision", "promote")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void shouldKeepTheChampionWhenTheChallengerIsWorseForOneGroup_evenIfBetterOverall() {
        // given the challenger better on group a (+0.5) and worse on group b (-0.4): better overall
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 800; i++) {
            String id = "k" + i;
            boolean a = i % 2 == 0;
            boolean championRight = a ? random.nextDouble() < 0.4 : random.nextDouble() < 0.9;
            boolean challengerRight = a ? random.nextDouble() < 0.9 : random.nextDouble() < 0.5;
            predictions.pipeInput(
                    id,
                    prediction(
                            id,
                            a ? "a" : "b",
                            championRight ? EmotionLabel.HAPPINESS : EmotionLabel.FEAR,
                            EmotionLabel.HAPPINESS,
                            ModelRole.CHAMPION,
                            1),
                    T0);
            shadow.pipeInput(
                    id,
                    prediction(
                            id,
                            a ? "a" : "b",
                            challengerRight ? EmotionLabel.HAPPINESS : EmotionLabel.FEAR,
                            EmotionLabel.HAPPINESS,
                            ModelRole.CHALLENGER,
                            2),
                    T0);
        }

        ChallengerComparison comparison = latestComparison("comparison/m/1/2/ethnicity");

        assertThat(comparison.getOverall().getDifference()).isPositive();
        assertThat(comparison.getDecision()).isEqualTo(PromotionDecision.KEEP_CHAMPION);
        assertThat(comparison.getDecidedBy()).isEqualTo("group b");
    }

    @Test
    void shouldForgetAScoredPredictionWhoseOtherRoleNeverCame() {
        // given 50 scored champion predictions and no challenger
        for (int i = 0; i < 50; i++) {
            predictions.pipeInput(
                    "n" + i,
                    prediction("n" + i, "a", EmotionLabel.HAPPINESS, EmotionLabel.HAPPINESS, ModelRole.CHAMPION, 1),
                    T0);
        }

        // then each waits for a partner a while, and is dropped after the wait
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(registry.get("emotion_label_join_entries")
                        .tag("store", ChallengerPairs.STORE)
                        .gauge()
                        .value())
                .isEqualTo(50);
        driver.advanceWallClockTime(ChallengerPairs.WAIT);
        assertThat(registry.get("emotion_label_join_entries")
                        .tag("store", ChallengerPairs.STORE)
                        .gauge()
                        .value())
                .isZero();
        latestAccuracies();
        assertThat(comparisons).isEmpty();
    }

    @Test
    void shouldSayTheLabelsAreUnevenWhenOneGroupIsLabelledFarLessOften() {
        // given rounds in which every prediction of group a carries its label and only a fifth of group b's do
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 20; i++) {
                String a = "a" + round + "-" + i;
                String b = "b" + round + "-" + i;
                predictions.pipeInput(
                        a, prediction(a, "a", EmotionLabel.ANGER, EmotionLabel.ANGER, ModelRole.CHAMPION, 1), T0);
                predictions.pipeInput(
                        b,
                        prediction(
                                b, "b", EmotionLabel.ANGER, i < 4 ? EmotionLabel.ANGER : null, ModelRole.CHAMPION, 1),
                        T0);
            }
            // when each round's fates are known (a horizon after its arrival bucket)
            driver.advanceWallClockTime(Duration.ofHours(2));
        }

        // then the verdict says the labels are unevenly spread, b least labelled
        FairnessVerdict verdict = latestVerdict("verdict/m/1/champion/ethnicity");
        assertThat(verdict.getLabelParity()).isEqualTo(LabelParity.UNEVEN);
        assertThat(verdict.getLeastLabelledGroup()).isEqualTo("b");
        assertThat(verdict.getCoverageGap()).isCloseTo(0.8, within(1e-9));
        assertThat(verdict.getCoverageEValue()).isGreaterThanOrEqualTo(verdict.getEvidenceThreshold());
        assertThat(registry.get("emotion_label_parity")
                        .tag("attribute", "ethnicity")
                        .tag("state", "uneven")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void shouldMatchAnIndependentComputationOfAccuracyAndWilsonBounds() {
        // given 37 events of one group, 23 predicted right (labels inline)
        for (int i = 0; i < 37; i++) {
            EmotionLabel truth = i < 23 ? EmotionLabel.ANGER : EmotionLabel.DISGUST;
            predictions.pipeInput(
                    "w" + i, prediction("w" + i, "latino", EmotionLabel.ANGER, truth, ModelRole.CHAMPION, 1), T0);
        }

        GroupAccuracy a = latestAccuracies().get("accuracy/m/1/champion/cumulative/0/ethnicity/latino");

        // Wilson 95%: centre (p + z^2/2n) / (1 + z^2/n), half-width z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
        double n = 37;
        double p = 23 / n;
        double z = 1.959963984540054;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
        assertThat(a.getAccuracy()).isCloseTo(p, within(1e-12));
        assertThat(a.getWilsonLow()).isCloseTo(centre - half, within(1e-12));
        assertThat(a.getWilsonHigh()).isCloseTo(centre + half, within(1e-12));
        assertThat(a.getWilsonLow()).isCloseTo(0.461004, within(1e-6)); // Python: the same formula, by hand
        // anytime-valid (normal mixture, alpha 0.05, tuned for min.samples 10): rho = (10/4) / (2 ln 20 + ln(1 + 2 ln
        // 20)),
        // V = n/4 + rho, radius sqrt(V ln(V / (rho alpha^2))) / n around p, clipped to [0, 1]
        double rho = 2.5 / (2 * Math.log(20) + Math.log(1 + 2 * Math.log(20)));
        double v = n / 4 + rho;
        double radius = Math.sqrt(v * Math.log(v / (rho * 0.05 * 0.05))) / n;
        assertThat(a.getAnytimeLow()).isCloseTo(Math.max(0, p - radius), within(1e-12));
        assertThat(a.getAnytimeHigh()).isCloseTo(Math.min(1, p + radius), within(1e-12));
        assertThat(a.getAnytimeLow())
                .as("wider than Wilson: valid at every look")
                .isLessThan(a.getWilsonLow());
        // the same sequence for each class's recall over that class's examples: anger 23 of 23, disgust 0 of 14
        double vAnger = 23.0 / 4 + rho;
        double radiusAnger = Math.sqrt(vAnger * Math.log(vAnger / (rho * 0.05 * 0.05))) / 23;
        assertThat(a.getRecallAnytimeLow().get("anger")).isCloseTo(Math.max(0, 1 - radiusAnger), within(1e-12));
        assertThat(a.getRecallAnytimeHigh()).containsEntry("anger", 1.0).containsEntry("fear", null);
        assertThat(a.getRecallAnytimeLow()).containsEntry("disgust", 0.0).containsEntry("fear", null);
        assertThat(a.getRecallAnytimeHigh().get("disgust")).isGreaterThan(0).isLessThan(1);
        assertThat(a.getRecall())
                .containsEntry("anger", 1.0)
                .containsEntry("disgust", 0.0)
                .containsEntry("fear", null);
        assertThat(a.getPredicted()).containsEntry("anger", 37L);
        assertThat(a.getConfusion().get(1).get(0)).isEqualTo(14L);
        assertThat(a.getSufficient()).isTrue();
    }

    @Test
    void shouldSplitAccuracyByHowTheFaceWasLocated() {
        // given 12 predictions from located faces, all right, and 12 from whole-image fallbacks, all wrong
        for (int i = 0; i < 24; i++) {
            boolean located = i < 12;
            EmotionPrediction p = prediction(
                    "f" + i,
                    "latino",
                    EmotionLabel.ANGER,
                    located ? EmotionLabel.ANGER : EmotionLabel.FEAR,
                    ModelRole.CHAMPION,
                    1);
            p.setFace(located ? FaceLocationResult.DETECTED : FaceLocationResult.WHOLE_IMAGE_FALLBACK);
            predictions.pipeInput(p.getEventId(), p, T0);
        }

        Map<String, GroupAccuracy> out = latestAccuracies();

        // then framing shows up as its own attribute, beside the population's
        assertThat(out.get("accuracy/m/1/champion/cumulative/0/face/detected").getAccuracy())
                .isEqualTo(1.0);
        assertThat(out.get("accuracy/m/1/champion/cumulative/0/face/whole_image_fallback")
                        .getAccuracy())
                .isEqualTo(0.0);
        assertThat(out.get("accuracy/m/1/champion/cumulative/0/ethnicity/latino")
                        .getN())
                .isEqualTo(24);
    }

    @Test
    void shouldRaiseAnAlertWhenTheVerdictTurnsUnfairAndResolveItWhenLaterLabelsShowTheGapClosed() {
        // given group a right 90% of the time and group b 20%, labels alternating
        feedAlternating(60, 0.9, 0.2, 0);

        // then the verdict is UNFAIR and one alert says so, naming b as lowest with its evidence
        FairnessVerdict verdict = latestVerdict("verdict/m/1/champion/ethnicity");
        assertThat(verdict.getState()).isEqualTo(FairnessState.UNFAIR);
        assertThat(verdict.getRaisedBy()).isEqualTo("accuracy");
        assertThat(verdict.getRaisedEValue()).isGreaterThanOrEqualTo(verdict.getEvidenceThreshold());
        assertThat(verdict.getEvidenceThreshold()).isEqualTo(3 * 8 / 0.05, within(1e-9)); // 3 attributes x 8 rates
        List<BiasAlert> raised = alerts.readValuesToList();
        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.RAISED);
            assertThat(alert.getState()).isEqualTo(FairnessState.UNFAIR);
            assertThat(alert.getMinGroup()).isEqualTo("b");
            assertThat(alert.getMaxGroup()).isEqualTo("a");
            assertThat(alert.getGap()).isGreaterThanOrEqualTo(0.4);
            assertThat(alert.getPValue()).isLessThanOrEqualTo(0.05);
            assertThat(alert.getWindow().getKind()).isEqualTo(WindowKind.CUMULATIVE);
        });
        assertThat(registry.get("emotion_fairness_state")
                        .tag("attribute", "ethnicity")
                        .tag("state", "unfair")
                        .gauge()
                        .value())
                .isEqualTo(1);

        // when both groups are then right every time, 400 labels each
        feedAlternating(800, 1.0, 1.0, 1_000);

        // then the labels since the raise show the gap below the tolerance: FAIR, and the alert resolves, once
        assertThat(latestVerdict("verdict/m/1/champion/ethnicity").getState()).isEqualTo(FairnessState.FAIR);
        assertThat(alerts.readValuesToList()).extracting(BiasAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
        assertThat(alerts.getQueueSize()).isZero();
    }

    @Test
    void shouldNeverCompareGroupsBelowTheMinimumSample_norAlarmOnFiveLabels() {
        feed("a", 20, 20, 0);
        feed("tiny", 5, 0, 100);

        AccuracyGap gap = latestGap("gap/m/1/champion/cumulative/0/ethnicity");
        assertThat(gap.getGap()).isNull();
        assertThat(gap.getInsufficientGroups()).containsExactly("tiny");
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldBoundGroupsUnderAFloodOfDistinctValues() {
        for (int i = 0; i < 200; i++) {
            predictions.pipeInput(
                    "f" + i,
                    prediction("f" + i, "value-" + i, EmotionLabel.ANGER, EmotionLabel.ANGER, ModelRole.CHAMPION, 1),
                    T0);
        }

        Set<String> groups = latestAccuracies().values().stream()
                .filter(a -> a.getAttribute().equals("ethnicity"))
                .map(GroupAccuracy::getGroup)
                .collect(Collectors.toSet());
        assertThat(groups).hasSize(4).contains("other");
        Set<String> tagValues = registry.find("emotion_scored").tag("attribute", "ethnicity").counters().stream()
                .map(c -> c.getId().getTag("group"))
                .collect(Collectors.toSet());
        assertThat(tagValues).hasSize(4).contains("other");
    }

    @Test
    void shouldMatchTheGoldenDescription() throws Exception {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/bias-monitor-topology.txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var topology = BiasMonitorTopology.build(
                TOPICS,
                SETTINGS,
                EventLimits.DEFAULT,
                new MonitorMetrics(new SimpleMeterRegistry(), SETTINGS),
                TopologyTestSettings.errorHandling(
                        "monitor", TOPICS, new SimpleMeterRegistry(), FailureBreaker.withDefaults()));

        if (Boolean.getBoolean("golden.update")) { // -Dgolden.update=true rewrites the file after a deliberate change
            Files.writeString(
                    Path.of("src/test/resources/bias-monitor-topology.txt"),
                    topology.describe().toString().strip() + "\n");
            return;
        }
        assertThat(topology.describe().toString().strip()).isEqualTo(golden.strip());
    }

    /** {@code n} inline-labelled events alternating between groups a and b, right with the given chances. */
    private void feedAlternating(int n, double chanceA, double chanceB, int offset) {
        SplittableRandom random = new SplittableRandom(offset);
        for (int i = 0; i < n; i++) {
            String group = i % 2 == 0 ? "a" : "b";
            boolean right = random.nextDouble() < (group.equals("a") ? chanceA : chanceB);
            String id = group + (offset + i);
            predictions.pipeInput(
                    id,
                    prediction(
                            id,
                            group,
                            EmotionLabel.HAPPINESS,
                            right ? EmotionLabel.HAPPINESS : EmotionLabel.SADNESS,
                            ModelRole.CHAMPION,
                            1),
                    T0);
        }
    }

    /** {@code n} inline-labelled events of a group, {@code correct} of them right, ids from {@code offset}. */
    private void feed(String group, int n, int correct, int offset) {
        for (int i = 0; i < n; i++) {
            String id = group + (offset + i);
            EmotionLabel truth = i < correct ? EmotionLabel.HAPPINESS : EmotionLabel.SADNESS;
            predictions.pipeInput(id, prediction(id, group, EmotionLabel.HAPPINESS, truth, ModelRole.CHAMPION, 1), T0);
        }
    }

    private Map<String, GroupAccuracy> latestAccuracies() {
        Map<String, GroupAccuracy> out = new HashMap<>();
        for (var record : metricsOut.readRecordsToList()) {
            if (record.key().startsWith("accuracy/")) {
                out.put(record.key(), Topics.groupAccuracySerde().decode(record.value()));
            } else if (record.key().startsWith("comparison/")) {
                comparisons.put(record.key(), Topics.comparisonSerde().decode(record.value()));
            } else if (record.key().startsWith("verdict/")) {
                verdicts.put(record.key(), Topics.verdictSerde().decode(record.value()));
            } else {
                gaps.put(record.key(), Topics.gapSerde().decode(record.value()));
            }
        }
        accuracies.putAll(out);
        return accuracies;
    }

    private final Map<String, GroupAccuracy> accuracies = new HashMap<>();
    private final Map<String, AccuracyGap> gaps = new HashMap<>();
    private final Map<String, FairnessVerdict> verdicts = new HashMap<>();
    private final Map<String, ChallengerComparison> comparisons = new HashMap<>();

    private ChallengerComparison latestComparison(String key) {
        latestAccuracies();
        return comparisons.get(key);
    }

    private FairnessVerdict latestVerdict(String key) {
        latestAccuracies();
        return verdicts.get(key);
    }

    private AccuracyGap latestGap(String key) {
        latestAccuracies();
        return gaps.get(key);
    }

    private double counter(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static EmotionPrediction prediction(
            String id, String ethnicity, EmotionLabel predicted, EmotionLabel label, ModelRole role, int version) {
        return EmotionPrediction.newBuilder()
                .setEventId(id)
                .setEventTime(T0)
                .setSource("cam")
                .setModelName("m")
                .setModelVersion(version)
                .setRole(role)
                .setPredicted(predicted)
                .setProbabilities(new EmotionProbabilities(0f, 0f, 0f, 1f, 0f, 0f, null))
                .setLabel(label)
                .setSubjectId(null)
                .setGroups(Map.of("ethnicity", ethnicity, "ignored", "x"))
                .setProcessingLatencyMs(1L)
                .build();
    }

    /** A prediction of a calibrated model giving {@code predicted} probability {@code confidence} (the rest spread evenly). */
    private static EmotionPrediction calibrated(
            String id, String ethnicity, EmotionLabel predicted, float confidence, EmotionLabel label) {
        float rest = (1 - confidence) / 5;
        float[] p = {rest, rest, rest, rest, rest, rest};
        p[Emotion.valueOf(predicted.name()).ordinal()] = confidence;
        float sixth = 1 / 6f;
        return EmotionPrediction.newBuilder(prediction(id, ethnicity, predicted, label, ModelRole.CHAMPION, 1))
                .setProbabilities(new EmotionProbabilities(p[0], p[1], p[2], p[3], p[4], p[5], null))
                .setCalibration(new PredictionCalibration(
                        1.5f, new EmotionProbabilities(sixth, sixth, sixth, sixth, sixth, sixth, null)))
                .build();
    }

    private static byte[] label(String id, String text, Instant at) {
        return Topics.labelSerde().encode(new GroundTruthLabel(id, text, at, "test"));
    }

    private static String header(TestRecord<String, byte[]> record, String key) {
        var h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** SHA-256 in hex, computed with the JDK rather than with the code under test. */
    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
