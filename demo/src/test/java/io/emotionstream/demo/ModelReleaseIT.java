package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.release.ModelReleases;
import io.emotionstream.model.release.ReleaseSignatures;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelRelease;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PairedFigures;
import io.emotionstream.schemas.monitor.PromotionDecision;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.classify.EmotionClassifier;
import io.emotionstream.streamapp.config.Setting;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import io.emotionstream.trainer.cli.TrainerCli;
import io.emotionstream.trainer.release.ModelsTopicState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release path end to end on a real broker: the trainer's publish and promote commands, a stream app following
 * the models topic, forged and corrupt releases refused while the old model keeps serving, and a hot swap under
 * load that loses and duplicates nothing.
 */
class ModelReleaseIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldSwapToANewlyPublishedVersionUnderLoad_refusingBadReleases_andShadowScoreAChallenger() throws Exception {
        // given a key pair, two versions of a model in the local registry, and a stream app following the models topic
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path keys = dir.resolve("keys");
        assertThat(TrainerCli.execute("keygen", "--out", keys.toString())).isZero();
        Path registry = dir.resolve("models");
        ModelRegistry models = new ModelRegistry(registry);
        models.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1),
                UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 1));
        models.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 2),
                UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 2));
        String modelsTopic = "models-" + run;
        String[] release = {
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--models-topic",
            modelsTopic,
            "--signing-key",
            keys.resolve("release-signing.key").toString()
        };

        assertThat(TrainerCli.execute(
                        concat(new String[] {"publish", "faces:1", "--registry", registry.toString()}, release)))
                .isZero();
        StreamAppConfig config = appConfig(run, modelsTopic, keys.resolve("release-signing.pub"));
        try (StreamApp app = StreamApp.start(config)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> servingVersion(app, ModelRole.CHAMPION) == 1);

            // when events stream in while bad releases arrive and then version 2 is published
            int events = 1500;
            AtomicInteger sent = new AtomicInteger();
            AtomicBoolean failed = new AtomicBoolean();
            Thread producer = new Thread(() -> produce(config.topics().images(), events, sent, failed));
            producer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() > 300);

            sendBadReleases(modelsTopic, models.open("faces", 2));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> refusals(app)
                            .keySet()
                            .containsAll(Set.of(
                                    "unsigned",
                                    "unknown_key",
                                    "bad_signature",
                                    "checksum_mismatch",
                                    "wrong_labels",
                                    "wrong_shape",
                                    "undecodable")));
            assertThat(servingVersion(app, ModelRole.CHAMPION))
                    .as("old model still serving")
                    .isEqualTo(1);

            long publishedAt = System.nanoTime();
            assertThat(TrainerCli.execute(
                            concat(new String[] {"publish", "faces:2", "--registry", registry.toString()}, release)))
                    .isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> servingVersion(app, ModelRole.CHAMPION) == 2);
            long swapMillis = (System.nanoTime() - publishedAt) / 1_000_000;
            producer.join();
            assertThat(failed).isFalse();

            // then every event has exactly one committed prediction, made by version 1 before the swap and 2 after
            Map<String, EmotionPrediction> predictions = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().predictions(), events, Duration.ofSeconds(90));
            assertThat(predictions).hasSize(events);
            assertThat(predictions.values())
                    .extracting(EmotionPrediction::getModelVersion)
                    .contains(1, 2);
            assertThat(predictions.get("e" + (events - 1)).getModelVersion()).isEqualTo(2);
            assertThat(swapMillis).as("swap within seconds of publishing").isLessThan(20_000);

            // and a correctly signed release whose bytes are not a network is refused when loaded, version 2 serving on
            sendUnloadableRelease(modelsTopic, models.open("faces", 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> refusals(app).containsKey("unreadable_model"));
            assertThat(servingVersion(app, ModelRole.CHAMPION)).isEqualTo(2);

            // and so is one whose manifest's calibration cannot be applied (a temperature of 0); the follower goes on
            // (it installs the challenger below)
            sendUncalibratableRelease(modelsTopic, models.open("faces", 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> refusals(app).containsKey("bad_manifest"));
            assertThat(servingVersion(app, ModelRole.CHAMPION)).isEqualTo(2);

            // and when version 1 becomes the challenger, the same new events are scored by it on the shadow topic only
            assertThat(TrainerCli.execute(
                            concat(new String[] {"promote", "faces", "1", "--alias", "challenger"}, release)))
                    .isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> servingVersion(app, ModelRole.CHALLENGER) == 1);
            produce(config.topics().images(), 40, new AtomicInteger(), failed, "s");
            Map<String, EmotionPrediction> shadow = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().shadowPredictions(), 40, Duration.ofSeconds(60));
            assertThat(shadow).hasSize(40);
            assertThat(shadow.values()).allSatisfy(p -> {
                assertThat(p.getRole()).isEqualTo(ModelRole.CHALLENGER);
                assertThat(p.getModelVersion()).isEqualTo(1);
            });
            Map<String, EmotionPrediction> main = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().predictions(), events + 40, Duration.ofSeconds(60));
            assertThat(main).hasSize(events + 40);
            assertThat(main.values()).extracting(EmotionPrediction::getRole).containsOnly(ModelRole.CHAMPION);

            // and with version 2 the champion alias, promote --if-better leaves it while the monitor's comparison keeps
            // the champion, and points it at the challenger (version 1) once the comparison says PROMOTE
            assertThat(TrainerCli.execute(
                            concat(new String[] {"promote", "faces", "2", "--alias", "champion"}, release)))
                    .isZero();
            String biasMetrics = "bias-metrics-" + run;
            String[] ifBetter = concat(
                    new String[] {"promote", "faces", "--if-better", "--bias-metrics-topic", biasMetrics}, release);
            assertThat(TrainerCli.execute(ifBetter)).as("no comparison yet").isEqualTo(3);
            sendComparison(biasMetrics, PromotionDecision.KEEP_CHAMPION);
            assertThat(TrainerCli.execute(ifBetter)).as("kept").isEqualTo(3);
            assertThat(championAlias(modelsTopic)).contains(2);
            sendComparison(biasMetrics, PromotionDecision.PROMOTE);
            assertThat(TrainerCli.execute(ifBetter)).isZero();
            assertThat(championAlias(modelsTopic)).contains(1);

            // and republishing version 2 with other bytes is refused by the trainer
            ModelRegistry other = new ModelRegistry(dir.resolve("other"));
            other.publish(
                    SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 9),
                    UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 9));
            other.publish(
                    SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 10),
                    UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 10));
            assertThat(TrainerCli.execute(concat(
                            new String[] {
                                "publish",
                                "faces:2",
                                "--registry",
                                dir.resolve("other").toString()
                            },
                            release)))
                    .isEqualTo(2);
            // while the same bytes again are a harmless no-op
            assertThat(TrainerCli.execute(
                            concat(new String[] {"publish", "faces:2", "--registry", registry.toString()}, release)))
                    .isZero();
        }
    }

    private Optional<Integer> championAlias(String modelsTopic) throws Exception {
        var trusted = ReleaseSignatures.TrustedKeys.of(
                List.of(SigningKeys.readPublic(dir.resolve("keys/release-signing.pub"))));
        return ModelsTopicState.read(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        modelsTopic,
                        trusted,
                        Duration.ofSeconds(10))
                .alias("faces", ModelAlias.CHAMPION);
    }

    /** The monitor's comparison of champion 2 and challenger 1 on one attribute, as it would write it. */
    private void sendComparison(String topic, PromotionDecision decision) throws Exception {
        PairedFigures figures = new PairedFigures(800L, 500L, 600L, 130L, 30L, 0.125, 0.06, 0.19);
        ChallengerComparison comparison = ChallengerComparison.newBuilder()
                .setModelName("faces")
                .setChampionVersion(2)
                .setChallengerVersion(1)
                .setAttribute("ethnicity")
                .setDecision(decision)
                .setDecidedBy(decision == PromotionDecision.PROMOTE ? null : "group b")
                .setTolerance(0.1)
                .setAlpha(0.05)
                .setOverall(figures)
                .setGroups(Map.of("a", figures, "b", figures))
                .setClasses(Map.of())
                .build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            BiasKeys.comparison("faces", 2, 1, "ethnicity").getBytes(StandardCharsets.UTF_8),
                            Topics.comparisonSerde().encode(comparison)))
                    .get();
        }
    }

    /** Each kind of bad record, sent straight to the topic as an attacker or a broken publisher would. */
    private void sendBadReleases(String topic, ModelBundle version2) throws Exception {
        KeyPair publisherKey = new KeyPair(
                SigningKeys.readPublic(dir.resolve("keys/release-signing.pub")),
                SigningKeys.readPrivate(dir.resolve("keys/release-signing.key")));
        var signer = ReleaseSignatures.Signer.of(publisherKey.getPrivate(), publisherKey.getPublic());
        KeyPair stranger = SigningKeys.generate();
        ModelRelease plain = ModelReleases.fromBundle(version2, Instant.now());

        byte[] corruptModel = bytes(plain.getModel());
        corruptModel[corruptModel.length / 3] ^= 0x40;
        Map<String, byte[]> bad = new HashMap<>();
        bad.put("unsigned", Topics.releaseSerde().encode(plain));
        bad.put(
                "stranger",
                Topics.releaseSerde()
                        .encode(ReleaseSignatures.Signer.of(stranger.getPrivate(), stranger.getPublic())
                                .sign(plain)));
        bad.put(
                "forged",
                Topics.releaseSerde()
                        .encode(new ReleaseSignatures.Signer(
                                        stranger.getPrivate(), SigningKeys.keyId(publisherKey.getPublic()))
                                .sign(plain)));
        bad.put(
                "corrupt",
                Topics.releaseSerde()
                        .encode(ModelRelease.newBuilder(signer.sign(plain))
                                .setModel(ByteBuffer.wrap(corruptModel))
                                .build()));
        bad.put(
                "labels",
                Topics.releaseSerde()
                        .encode(signer.sign(ModelRelease.newBuilder(plain)
                                .setManifestJson(plain.getManifestJson().replace("\"fear\"", "\"contempt\""))
                                .build())));
        bad.put(
                "shape",
                Topics.releaseSerde()
                        .encode(signer.sign(ModelRelease.newBuilder(plain)
                                .setManifestJson(plain.getManifestJson().replace("\"height\" : 48", "\"height\" : 64"))
                                .build())));
        bad.put("garbage", "not a release".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> props = new HashMap<>(ModelsTopic.producerSettings());
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var entry : bad.entrySet()) {
                producer.send(new ProducerRecord<>(
                                topic,
                                ("release/faces/2/" + entry.getKey()).getBytes(StandardCharsets.UTF_8),
                                entry.getValue()))
                        .get();
            }
        }
    }

    /** Version 9, signed by the real key, manifest consistent with its bytes, but the bytes are no DL4J network. */
    private void sendUnloadableRelease(String topic, ModelBundle template) throws Exception {
        var signer = ReleaseSignatures.Signer.of(
                SigningKeys.readPrivate(dir.resolve("keys/release-signing.key")),
                SigningKeys.readPublic(dir.resolve("keys/release-signing.pub")));
        ModelRelease base = ModelReleases.fromBundle(template, Instant.now());
        byte[] junk = "PK this is not a model".getBytes(StandardCharsets.UTF_8);
        String sha = Sha256.of(junk);
        String manifest = base.getManifestJson()
                .replace(base.getModelSha256(), sha)
                .replace("\"version\" : 2", "\"version\" : 9");
        ModelRelease release = signer.sign(ModelRelease.newBuilder(base)
                .setVersion(9)
                .setModelSha256(sha)
                .setModel(ByteBuffer.wrap(junk))
                .setManifestJson(manifest)
                .build());
        Map<String, Object> props = new HashMap<>(ModelsTopic.producerSettings());
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            Topics.releaseKey("faces", 9).getBytes(StandardCharsets.UTF_8),
                            Topics.releaseSerde().encode(release)))
                    .get();
        }
    }

    /** Version 8, signed, the network of version 2, but a manifest whose calibration has temperature 0. */
    private void sendUncalibratableRelease(String topic, ModelBundle template) throws Exception {
        var signer = ReleaseSignatures.Signer.of(
                SigningKeys.readPrivate(dir.resolve("keys/release-signing.key")),
                SigningKeys.readPublic(dir.resolve("keys/release-signing.pub")));
        ModelRelease base = ModelReleases.fromBundle(template, Instant.now());
        String calibration =
                "\"calibration\" : {\"io.emotionstream.schemas.model.ModelCalibration\" : {\"temperature\" : 0.0, "
                        + "\"validationLossBefore\" : 1.0, \"validationLossAfter\" : 1.0, \"validationEceBefore\" : 0.0, "
                        + "\"validationEceAfter\" : 0.0, \"testEceBefore\" : 0.0, \"testEceAfter\" : 0.0, "
                        + "\"referenceMix\" : [0.1, 0.1, 0.1, 0.4, 0.2, 0.1]}}";
        String manifest = base.getManifestJson()
                .replace("\"calibration\" : null", calibration)
                .replace("\"version\" : 2", "\"version\" : 8");
        assertThat(manifest).contains("\"temperature\" : 0.0");
        ModelRelease release = signer.sign(ModelRelease.newBuilder(base)
                .setVersion(8)
                .setManifestJson(manifest)
                .build());
        Map<String, Object> props = new HashMap<>(ModelsTopic.producerSettings());
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            Topics.releaseKey("faces", 8).getBytes(StandardCharsets.UTF_8),
                            Topics.releaseSerde().encode(release)))
                    .get();
        }
    }

    private void produce(String topic, int events, AtomicInteger sent, AtomicBoolean failed) {
        produce(topic, events, sent, failed, "e");
    }

    /** About 150 events/s: enough load that a swap lands mid-stream. */
    private void produce(String topic, int events, AtomicInteger sent, AtomicBoolean failed, String prefix) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                String id = prefix + i;
                FaceImageEvent event = FaceImageEvent.newBuilder()
                        .setEventId(id)
                        .setEventTime(Instant.now())
                        .setSource("it")
                        .setImage(ByteBuffer.wrap(Images.png(i % 256)))
                        .setImageFormat(ImageFormat.PNG)
                        .setSubjectId(null)
                        .setLabel(null)
                        .setGroups(Map.of())
                        .build();
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                id.getBytes(StandardCharsets.UTF_8),
                                Topics.imageEventSerde().encode(event)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.set(true);
                            }
                        });
                sent.incrementAndGet();
                long due = start + i * 1_000_000_000L / 150;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private StreamAppConfig appConfig(String run, String modelsTopic, Path publicKey) {
        // the registry is not used (models come from the topic); the release CLI sends to modelsTopic
        Path registry = dir.resolve("models");
        return StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .set(Setting.TOPIC_MODELS, modelsTopic)
                .modelsFromTopic("faces", List.of(publicKey), "latest")
                .build();
    }

    private static int servingVersion(StreamApp app, ModelRole role) {
        return app.classifiers()
                .current(role)
                .map(EmotionClassifier::model)
                .map(m -> m.version())
                .orElse(0);
    }

    /** Refusal counts by reason, as Prometheus scrapes them from /metrics. */
    private static Map<String, Double> refusals(StreamApp app) throws Exception {
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> out = new HashMap<>();
        var matcher = Pattern.compile("emotion_model_releases_refused_total\\{reason=\"([a-z_]+)\"} ([0-9.]+)")
                .matcher(body);
        while (matcher.find()) {
            double count = Double.parseDouble(matcher.group(2));
            if (count > 0) { // every reason is registered at 0 from the start
                out.put(matcher.group(1), count);
            }
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
