package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.release.ReleaseSignatures;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.retrainer.LabelledSet;
import io.emotionstream.retrainer.RetrainPolicy;
import io.emotionstream.retrainer.RetrainerMetrics;
import io.emotionstream.retrainer.RetrainerService;
import io.emotionstream.retrainer.Retraining;
import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PairedFigures;
import io.emotionstream.schemas.monitor.PromotionDecision;
import io.emotionstream.testkit.BiasAlertRecords;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.tools.Tools;
import io.emotionstream.trainer.finetune.FineTuningPlan;
import io.emotionstream.trainer.finetune.GraphFineTuner;
import io.emotionstream.trainer.finetune.ParentGraph;
import io.emotionstream.trainer.release.ModelsTopicState;
import io.emotionstream.trainer.release.ReleasePublisher;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrainer on a real broker: streamed labelled events in, a signed challenger out, promoted to champion when
 * the monitor's comparison says so.
 */
class RetrainerServiceIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldRetrainFromStreamedLabelledEventsPublishAChallenger_andPromoteItOnceTheMonitorSaysItIsBetter()
            throws Exception {
        // given labelled events of two populations on the images topic, some of them twice, some unlabelled
        String run = UUID.randomUUID().toString().substring(0, 8);
        String images = "images-" + run;
        String models = "models-" + run;
        String biasMetrics = "bias-metrics-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(images, 2, (short) 1), new NewTopic(biasMetrics, 1, (short) 1)))
                    .all()
                    .get();
        }
        String[] target = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", images, "--rate", "0"};
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:a", "--limit", "80"}, target)))
                .isZero();
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:b", "--limit", "80"}, target)))
                .isZero();
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:a", "--limit", "40"}, target)))
                .isZero();
        assertThat(Tools.execute(concat(
                        new String[] {"produce", "--data", "synthetic:b", "--limit", "20", "--no-labels", "--seed", "7"
                        },
                        target)))
                .isZero();

        var keys = SigningKeys.generate();
        var trusted = ReleaseSignatures.TrustedKeys.of(List.of(keys.getPublic()));
        var publisher = new ReleasePublisher(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                models,
                ReleaseSignatures.Signer.of(keys.getPrivate(), keys.getPublic()),
                trusted,
                Clock.systemUTC());
        var meters = new SimpleMeterRegistry();
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        var settings = new RetrainerService.Settings(
                        "faces",
                        List.of(images),
                        Optional.empty(),
                        CnnHyperparameters.SEED_JAFFE,
                        new TrainingConfig(3, 32, 15, 80, 1, 7))
                .promotingFrom(biasMetrics);

        // when the service runs with a retrain after 150 new labels, promoting its challenger when the monitor says so
        try (RetrainerService service = new RetrainerService(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                settings,
                new LabelledSet("population", 1000),
                new RetrainPolicy(Duration.ofHours(1), 150, 100),
                registry,
                publisher,
                TrainingListener.SILENT,
                System.out,
                new RetrainerMetrics(meters),
                Clock.systemUTC())) {
            Thread thread = new Thread(service::run, "trainer-service-it");
            thread.start();

            // then version 1 appears on the models topic, signed, as challenger (never champion)
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ModelsTopicState.read(
                                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                                    models,
                                    trusted,
                                    Duration.ofSeconds(10))
                            .alias("faces", ModelAlias.CHALLENGER)
                            .equals(Optional.of(1)));
            ModelsTopicState state = ModelsTopicState.read(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), models, trusted, Duration.ofSeconds(10));
            assertThat(state.latestVersion("faces")).contains(1);
            assertThat(state.alias("faces", ModelAlias.CHAMPION)).isEmpty();

            // and it reports the data it used: 160 distinct labelled events, both populations
            ModelBundle bundle = registry.open("faces", 1);
            assertThat(bundle.manifest().getDatasets()).singleElement().satisfies(d -> {
                assertThat(d.getName()).isEqualTo("stream-faces");
                assertThat(d.getImages()).isEqualTo(160);
            });
            assertThat(meters.get("trainer_labelled_events").counter().count()).isEqualTo(160);
            assertThat(meters.get("trainer_training_set_groups").gauge().value())
                    .as("populations a and b")
                    .isEqualTo(2);
            assertThat(meters.get("trainer_events_skipped")
                            .tag("reason", "duplicate")
                            .counter()
                            .count())
                    .isEqualTo(40);
            assertThat(meters.get("trainer_events_skipped")
                            .tag("reason", "unlabelled")
                            .counter()
                            .count())
                    .isEqualTo(20);
            assertThat(meters.get("trainer_retrains")
                            .tag("trigger", "new_labels")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get("trainer_published_version").gauge().value()).isEqualTo(1);

            // and when the monitor's comparison of champion 3 and challenger 1 is undecided, then says PROMOTE for both
            // attributes (with a record under a comparison key that is not one), the challenger becomes champion
            String comparison = BiasKeys.comparison("faces", 3, 1, "population");
            send(
                    biasMetrics,
                    comparison.getBytes(StandardCharsets.UTF_8),
                    comparison(3, 1, "population", PromotionDecision.INSUFFICIENT_EVIDENCE));
            send(
                    biasMetrics,
                    BiasKeys.comparison("faces", 3, 1, "dataset").getBytes(StandardCharsets.UTF_8),
                    comparison(3, 1, "dataset", PromotionDecision.PROMOTE));
            send(biasMetrics, comparison.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x01, 7});
            // (the service has read all three and polled again since, so its promotion check has run on them)
            await().atMost(Duration.ofSeconds(30)).until(() -> count(meters, "trainer_bias_metrics_records") == 3);
            Instant read = Instant.now();
            await().atMost(Duration.ofSeconds(10)).until(() -> service.healthy(Duration.between(read, Instant.now())));
            assertThat(ModelsTopicState.read(
                                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                                    models,
                                    trusted,
                                    Duration.ofSeconds(10))
                            .alias("faces", ModelAlias.CHAMPION))
                    .isEmpty();
            send(
                    biasMetrics,
                    comparison.getBytes(StandardCharsets.UTF_8),
                    comparison(3, 1, "population", PromotionDecision.PROMOTE));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ModelsTopicState.read(
                                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                                    models,
                                    trusted,
                                    Duration.ofSeconds(10))
                            .alias("faces", ModelAlias.CHAMPION)
                            .equals(Optional.of(1)));
            assertThat(ModelsTopicState.read(
                                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                                    models,
                                    trusted,
                                    Duration.ofSeconds(10))
                            .alias("faces", ModelAlias.CHALLENGER))
                    .isEmpty();
            assertThat(meters.get("trainer_promotions").counter().count()).isEqualTo(1);
            // and its probes say it reads and lives; once stopped, it no longer polls and /health would fail
            assertThat(service.ready()).isTrue();
            assertThat(service.healthy(Duration.ofMinutes(2))).isTrue();
            service.close();
            thread.join(30_000);
            assertThat(service.healthy(Duration.ZERO))
                    .as("a loop that no longer polls")
                    .isFalse();
        }
    }

    private static byte[] comparison(int champion, int challenger, String attribute, PromotionDecision decision) {
        PairedFigures figures = new PairedFigures(900L, 600L, 700L, 130L, 30L, 0.11, 0.05, 0.17);
        return Topics.comparisonSerde()
                .encode(ChallengerComparison.newBuilder()
                        .setModelName("faces")
                        .setChampionVersion(champion)
                        .setChallengerVersion(challenger)
                        .setAttribute(attribute)
                        .setDecision(decision)
                        .setDecidedBy(decision == PromotionDecision.PROMOTE ? null : "overall")
                        .setTolerance(0.1)
                        .setAlpha(0.05)
                        .setOverall(figures)
                        .setGroups(Map.of("a", figures, "b", figures))
                        .setClasses(Map.of())
                        .build());
    }

    @Test
    void shouldRetrainOnARaisedAlertOnly_andReadPoisonedAlertRecordsWithoutStopping_acrossARestart() throws Exception {
        // given 160 labelled events and an alerts topic holding records that ask nothing or cannot be read
        String run = UUID.randomUUID().toString().substring(0, 8);
        String images = "images-" + run;
        String alerts = "alerts-" + run;
        String models = "models-" + run;
        try (Admin admin =
                Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(images, 2, (short) 1), new NewTopic(alerts, 1, (short) 1)))
                    .all()
                    .get();
        }
        String[] target = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", images, "--rate", "0"};
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:a", "--limit", "80"}, target)))
                .isZero();
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:b", "--limit", "80"}, target)))
                .isZero();
        BiasKeys.Subject faces = new BiasKeys.Subject("faces", 1, ModelRole.CHAMPION, "population");
        BiasKeys.Subject voices = new BiasKeys.Subject("voices", 1, ModelRole.CHAMPION, "population");
        send(alerts, null, BiasAlertRecords.value(faces, AlertStatus.RAISED)); // no key
        send(
                alerts,
                "faces".getBytes(StandardCharsets.UTF_8),
                BiasAlertRecords.value(faces, AlertStatus.RAISED)); // not an alert key
        send(alerts, BiasAlertRecords.key(faces), new byte[] {(byte) 0xC3, 0x01, 9, 9}); // not an alert
        send(alerts, BiasAlertRecords.key(faces), BiasAlertRecords.value(faces, AlertStatus.RESOLVED)); // asks nothing
        send(
                alerts,
                BiasAlertRecords.key(voices),
                BiasAlertRecords.value(voices, AlertStatus.RAISED)); // another model's

        var keys = SigningKeys.generate();
        var trusted = ReleaseSignatures.TrustedKeys.of(List.of(keys.getPublic()));
        var settings = new RetrainerService.Settings(
                "faces",
                List.of(images),
                Optional.of(alerts),
                CnnHyperparameters.SEED_JAFFE,
                new TrainingConfig(2, 32, 15, 80, 1, 7));
        // new labels alone never retrain here (threshold 100,000); 100 held are enough for an alert's retrain
        RetrainPolicy policy = new RetrainPolicy(Duration.ofHours(1), 100_000, 100);
        for (int start = 1; start <= 2; start++) {
            var meters = new SimpleMeterRegistry();
            var publisher = new ReleasePublisher(
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    models,
                    ReleaseSignatures.Signer.of(keys.getPrivate(), keys.getPublic()),
                    trusted,
                    Clock.systemUTC());
            try (RetrainerService service = new RetrainerService(
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    settings,
                    new LabelledSet("population", 1000),
                    policy,
                    new ModelRegistry(dir.resolve("models")),
                    publisher,
                    TrainingListener.SILENT,
                    System.out,
                    new RetrainerMetrics(meters),
                    Clock.systemUTC())) {
                Thread thread = new Thread(service::run, "trainer-service-alerts-" + start);
                thread.start();

                // when it has read everything (on the second start: again, from the beginning)
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> count(meters, "trainer_labelled_events") == 160
                                && alerts(meters, "unreadable_key") == 2
                                && alerts(meters, "unreadable_value") == 1
                                && alerts(meters, "resolved") == 1
                                && alerts(meters, "other_model") == 1);

                // then on the first start nothing it read asked for a retrain, and it keeps running
                if (start == 1) {
                    // (every record read, and the service polled again since: its retrain policy has seen them all)
                    Instant read = Instant.now();
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> service.healthy(Duration.between(read, Instant.now())));
                    assertThat(meters.find("trainer_retrains").counters()).isEmpty();
                    assertThat(service.ready()).isTrue();
                    // and a raised alert about its model does, once
                    send(alerts, BiasAlertRecords.key(faces), BiasAlertRecords.value(faces, AlertStatus.RAISED));
                    send(alerts, BiasAlertRecords.key(faces), BiasAlertRecords.value(faces, AlertStatus.RAISED));
                }
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> meters.find("trainer_retrains").tag("trigger", "bias_alert").counters().stream()
                                        .mapToDouble(c -> c.count())
                                        .sum()
                                == 1);
                // both raised alerts are read, the second while or after the first one's retrain runs: wait for it
                await().atMost(Duration.ofSeconds(30)).until(() -> alerts(meters, "retrain") == 2);
                assertThat(meters.find("trainer_retrains")
                                .tag("trigger", "new_labels")
                                .counters())
                        .isEmpty();
                service.close();
                thread.join(30_000);
            }
        }
        // a standing alert, read again after the restart, is answered once per run: two challengers in all
        assertThat(ModelsTopicState.read(
                                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                                models,
                                trusted,
                                Duration.ofSeconds(10))
                        .latestVersion("faces"))
                .contains(2);
    }

    @Test
    void shouldFineTuneItsParentBundleOnStreamedEvents_andPublishTheVersionSignedWithItsLineage() throws Exception {
        // given a published seed CNN bundle to start from, and 160 labelled events of two populations
        String run = UUID.randomUUID().toString().substring(0, 8);
        String images = "images-" + run;
        String models = "models-" + run;
        try (Admin admin =
                Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(images, 2, (short) 1)))
                    .all()
                    .get();
        }
        String[] target = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", images, "--rate", "0"};
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:a", "--limit", "80"}, target)))
                .isZero();
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:b", "--limit", "80"}, target)))
                .isZero();
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        ModelBundle parent = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 3),
                UntrainedManifest.draft("seed", CnnHyperparameters.SEED_JAFFE, 3));
        ParentGraph graph = ParentGraph.of(parent, Optional.empty());
        String head = GraphFineTuner.Start.lastLayerWithParameters(graph.graph());
        var settings = new RetrainerService.Settings(
                "faces",
                List.of(images),
                Optional.empty(),
                new Retraining.FineTune(
                        new FineTuningPlan(parent, graph, head, GraphFineTuner.Options.of(0.01)),
                        new TrainingConfig(3, 32, 3, 80, 0, 7)),
                Optional.empty());
        var keys = SigningKeys.generate();
        var trusted = ReleaseSignatures.TrustedKeys.of(List.of(keys.getPublic()));
        var publisher = new ReleasePublisher(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                models,
                ReleaseSignatures.Signer.of(keys.getPrivate(), keys.getPublic()),
                trusted,
                Clock.systemUTC());

        // when the service runs with a retrain after 150 new labels
        try (RetrainerService service = new RetrainerService(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                settings,
                new LabelledSet("population", 1000),
                new RetrainPolicy(Duration.ofHours(1), 150, 100),
                registry,
                publisher,
                TrainingListener.SILENT,
                System.out,
                new RetrainerMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())) {
            Thread thread = new Thread(service::run, "trainer-service-finetune-it");
            thread.start();

            // then version 1 is on the models topic, signed, as challenger
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ModelsTopicState.read(
                                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                                    models,
                                    trusted,
                                    Duration.ofSeconds(10))
                            .alias("faces", ModelAlias.CHALLENGER)
                            .equals(Optional.of(1)));
            service.close();
            thread.join(30_000);
        }
        // and it is the parent fine-tuned from its head on the events, and serves through the same seam as any bundle
        ModelManifest tuned = registry.open("faces", 1).manifest();
        assertThat(tuned.getParent().getName()).isEqualTo("seed");
        assertThat(tuned.getParent().getModelSha256())
                .isEqualTo(parent.manifest().getModelSha256());
        assertThat(tuned.getParent().getTrainedFrom()).isEqualTo(head);
        assertThat(tuned.getDatasets())
                .singleElement()
                .satisfies(d -> assertThat(d.getImages()).isEqualTo(160));
        assertThat(tuned.getPreprocessing()).isEqualTo(parent.manifest().getPreprocessing());
        LoadedModel served = registry.open("faces", 1).load();
        float[] probabilities = served.probabilities(
                        List.of(new float[served.preprocessing().format().pixels()]))[0];
        double sum = 0;
        for (float p : probabilities) {
            sum += p;
        }
        assertThat(probabilities).hasSize(6);
        assertThat(sum).isCloseTo(1.0, within(1e-4));
    }

    private static double count(SimpleMeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double alerts(SimpleMeterRegistry meters, String outcome) {
        return meters.find("trainer_alerts").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static void send(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
