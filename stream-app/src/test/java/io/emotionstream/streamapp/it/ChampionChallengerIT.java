package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.OnnxFixtures;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PairedFigures;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.Setting;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import io.emotionstream.testkit.TopicFollower;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Champion against challenger on a real broker: the monitor pairs the two roles' predictions of each labelled event
 * exactly once (checked against the committed predictions of both topics), across a restart of the app. The
 * challenger is an imported network (an ONNX file PyTorch exported, served by ONNX Runtime, with its own input
 * format and seven classes), shadow-scored like a trained one.
 */
class ChampionChallengerIT {
    private static final EmotionLabel[] LABELS = {
        EmotionLabel.ANGER,
        EmotionLabel.DISGUST,
        EmotionLabel.FEAR,
        EmotionLabel.HAPPINESS,
        EmotionLabel.SADNESS,
        EmotionLabel.SURPRISE
    };

    private static final Preprocessing IMPORTED_INPUT =
            new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.UNIT));

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldPairBothRolesOnEveryLabelledEventExactlyOnce_acrossARestart() throws Exception {
        // given the seed CNN as champion and, as version 2 shadow-scored as the challenger, an imported ONNX network
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        ModelRegistry models = new ModelRegistry(registry);
        models.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1),
                UntrainedManifest.draft("duel", CnnHyperparameters.SEED_JAFFE, 1));
        ModelBundle imported = models.publishOnnx(
                OnnxFixtures.bytes("tiny-logits.onnx"),
                UntrainedManifest.draft("duel", CnnHyperparameters.SEED_JAFFE, 2)
                        .setHyperparameters(null)
                        .setInput(new InputSpec(16, 16, 1, "NCHW"))
                        .setLabels(List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"))
                        .setPreprocessing(IMPORTED_INPUT.spec())
                        .setOutputs(OutputKind.LOGITS));
        StreamAppConfig config = config(run, registry);
        String key = BiasKeys.comparison("duel", 1, 2, "ethnicity");

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
                TopicFollower metrics = new TopicFollower(
                        kafka.bootstrapServers(), config.topics().biasMetrics())) {
            // when 150 labelled events are classified, the app restarts, and 150 more come
            try (StreamApp app = StreamApp.start(config)) {
                send(producer, config, 0, 150);
                Committed.readPredictions(
                        kafka.bootstrapServers(), config.topics().shadowPredictions(), 150, Duration.ofSeconds(90));
                awaitPairs(metrics, key, 150);
            }
            try (StreamApp app = StreamApp.start(config)) {
                send(producer, config, 150, 150);
                Committed.readPredictions(
                        kafka.bootstrapServers(), config.topics().shadowPredictions(), 300, Duration.ofSeconds(90));
                awaitPairs(metrics, key, 300);
            }

            // then the comparison counts each event once, as the committed predictions of both roles say
            Map<String, EmotionPrediction> champion = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().predictions(), 300, Duration.ofSeconds(30));
            Map<String, EmotionPrediction> challenger = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().shadowPredictions(), 300, Duration.ofSeconds(30));
            long championRight = champion.values().stream()
                    .filter(p -> p.getPredicted() == p.getLabel())
                    .count();
            long challengerRight = challenger.values().stream()
                    .filter(p -> p.getPredicted() == p.getLabel())
                    .count();
            long challengerOnly = challenger.values().stream()
                    .filter(p -> p.getPredicted() == p.getLabel()
                            && champion.get(p.getEventId()).getPredicted() != p.getLabel())
                    .count();
            PairedFigures overall = latest(metrics, key).orElseThrow().getOverall();
            assertThat(overall.getPairs()).isEqualTo(300);
            assertThat(overall.getChampionCorrect()).isEqualTo(championRight);
            assertThat(overall.getChallengerCorrect()).isEqualTo(challengerRight);
            assertThat(overall.getChallengerOnly()).isEqualTo(challengerOnly);
            assertThat(latest(metrics, key).orElseThrow().getGroups()).containsOnlyKeys("a", "b");
            // and the challenger's verdicts are the imported network's own, on its own input
            LoadedModel network = imported.load();
            ImagePreprocessor preprocessor = ImagePreprocessor.withDefaultLimits(IMPORTED_INPUT);
            for (EmotionPrediction p : challenger.values()) {
                int i = Integer.parseInt(p.getEventId().substring(1));
                float[] six = network.probabilities(List.of(preprocessor.preprocess(Images.png(i % 256))))[0];
                assertThat(p.getModelVersion()).isEqualTo(2);
                assertThat(p.getPredicted().name())
                        .as(p.getEventId())
                        .isEqualTo(Emotion.mostProbable(six).name());
            }
        }
    }

    private static void awaitPairs(TopicFollower metrics, String key, long pairs) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            metrics.poll();
            return latest(metrics, key).map(c -> c.getOverall().getPairs()).orElse(0L) >= pairs;
        });
        assertThat(latest(metrics, key).orElseThrow().getOverall().getPairs()).isEqualTo(pairs);
    }

    private static Optional<ChallengerComparison> latest(TopicFollower metrics, String key) {
        return Optional.ofNullable(metrics.latest().get(key))
                .map(v -> Topics.comparisonSerde().decode(v));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, StreamAppConfig config, int from, int count) {
        for (int i = from; i < from + count; i++) {
            String id = "d" + i;
            FaceImageEvent event = FaceImageEvent.newBuilder()
                    .setEventId(id)
                    .setEventTime(Instant.now())
                    .setSource("it")
                    .setImage(ByteBuffer.wrap(Images.png(i % 256)))
                    .setImageFormat(ImageFormat.PNG)
                    .setSubjectId(null)
                    .setLabel(LABELS[i % LABELS.length])
                    .setGroups(Map.of("ethnicity", i % 2 == 0 ? "a" : "b"))
                    .build();
            producer.send(new ProducerRecord<>(
                    config.topics().images(),
                    id.getBytes(StandardCharsets.UTF_8),
                    Topics.imageEventSerde().encode(event)));
        }
        producer.flush();
    }

    private StreamAppConfig config(String run, Path registry) {
        return StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .set(Setting.MODEL, "duel:1")
                .modelChallenger("duel:2")
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .monitorAttributes(List.of("ethnicity"))
                .set(Setting.MONITOR_MAX_GROUPS, "5")
                .monitorMinSamples(20)
                .monitorWindows("tumbling:1h")
                .build();
    }
}
