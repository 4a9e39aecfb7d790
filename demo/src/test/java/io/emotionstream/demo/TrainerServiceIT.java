package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.release.ReleaseSignatures;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.retrainer.LabelledSet;
import io.emotionstream.retrainer.RetrainPolicy;
import io.emotionstream.retrainer.RetrainerMetrics;
import io.emotionstream.retrainer.TrainerService;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.tools.Tools;
import io.emotionstream.trainer.release.ModelsTopicState;
import io.emotionstream.trainer.release.ReleasePublisher;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The trainer service on a real broker: streamed labelled events in, a signed challenger out. */
class TrainerServiceIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldRetrainFromStreamedLabelledEventsAndPublishAChallenger() throws Exception {
        // given labelled events of two populations on the images topic, some of them twice, some unlabelled
        String run = UUID.randomUUID().toString().substring(0, 8);
        String images = "images-" + run;
        String models = "models-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(images, 2, (short) 1))).all().get();
        }
        String[] target = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", images, "--rate", "0"};
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:a", "--limit", "80"}, target))).isZero();
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:b", "--limit", "80"}, target))).isZero();
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:a", "--limit", "40"}, target))).isZero();
        assertThat(Tools.execute(concat(new String[] {"produce", "--data", "synthetic:b", "--limit", "20", "--no-labels",
                "--seed", "7"}, target))).isZero();

        var keys = SigningKeys.generate();
        var trusted = ReleaseSignatures.TrustedKeys.of(List.of(keys.getPublic()));
        var publisher = new ReleasePublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()), models,
                ReleaseSignatures.Signer.of(keys.getPrivate(), keys.getPublic()), trusted, Clock.systemUTC());
        var meters = new SimpleMeterRegistry();
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        var settings = new TrainerService.Settings("faces", List.of(images), Optional.empty(), CnnHyperparameters.SEED_JAFFE,
                new TrainingConfig(3, 32, 15, 80, 1, 7));

        // when the service runs with a retrain after 150 new labels
        try (TrainerService service = new TrainerService(Map.of("bootstrap.servers", kafka.bootstrapServers()), settings,
                new LabelledSet("population", 1000), new RetrainPolicy(Duration.ofHours(1), 150, 100), registry, publisher,
                TrainingListener.SILENT, System.out, new RetrainerMetrics(meters), Clock.systemUTC())) {
            Thread thread = new Thread(service::run, "trainer-service-it");
            thread.start();

            // then version 1 appears on the models topic, signed, as challenger (never champion)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    ModelsTopicState.read(Map.of("bootstrap.servers", kafka.bootstrapServers()), models, trusted,
                            Duration.ofSeconds(10)).alias("faces", ModelAlias.CHALLENGER).equals(Optional.of(1)));
            ModelsTopicState state = ModelsTopicState.read(Map.of("bootstrap.servers", kafka.bootstrapServers()), models,
                    trusted, Duration.ofSeconds(10));
            assertThat(state.latestVersion("faces")).contains(1);
            assertThat(state.alias("faces", ModelAlias.CHAMPION)).isEmpty();

            // and it reports the data it used: 160 distinct labelled events, both populations
            ModelBundle bundle = registry.open("faces", 1);
            assertThat(bundle.manifest().getDatasets()).singleElement().satisfies(d -> {
                assertThat(d.getName()).isEqualTo("stream-faces");
                assertThat(d.getImages()).isEqualTo(160);
            });
            assertThat(meters.get("trainer_labelled_events").counter().count()).isEqualTo(160);
            assertThat(meters.get("trainer_training_set_groups").gauge().value()).as("populations a and b").isEqualTo(2);
            assertThat(meters.get("trainer_events_skipped").tag("reason", "duplicate").counter().count()).isEqualTo(40);
            assertThat(meters.get("trainer_events_skipped").tag("reason", "unlabelled").counter().count()).isEqualTo(20);
            assertThat(meters.get("trainer_retrains").tag("trigger", "new_labels").counter().count()).isEqualTo(1);
            assertThat(meters.get("trainer_published_version").gauge().value()).isEqualTo(1);
            // and its probes say it reads and lives; once stopped, it no longer polls and /health would fail
            assertThat(service.ready()).isTrue();
            assertThat(service.healthy(Duration.ofMinutes(2))).isTrue();
            service.close();
            thread.join(30_000);
            assertThat(service.healthy(Duration.ZERO)).as("a loop that no longer polls").isFalse();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
