package io.emotionstream.streamapp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.platform.events.SourcePurposes;
import io.emotionstream.schemas.GroupPseudonyms;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.topology.PublishedDemographics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamAppConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldDefaultToTheEmbeddedBrokerAndDocumentedTopics() {
        StreamAppConfig config = StreamAppConfig.load(Optional.empty(), Map.of());

        assertThat(config.bootstrapServers()).isEmpty();
        assertThat(config.embeddedPort()).isEqualTo(9092);
        assertThat(config.topics().images()).isEqualTo("emotion.images");
        assertThat(config.batching().maxBatch()).isEqualTo(32);
        assertThat(config.metricsHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldLetTheFileOverrideDefaultsAndTheEnvironmentOverrideTheFile() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(
                file,
                "batch.max.size=64\nbatch.max.wait.ms=5\nbootstrap.servers=file:9092\nkafka.security.protocol=SSL\n");

        StreamAppConfig config = StreamAppConfig.load(
                Optional.of(file),
                Map.of(
                        "EMOTION_STREAM_BOOTSTRAP_SERVERS", "env:9092",
                        "EMOTION_STREAM_KAFKA_SASL_MECHANISM", "PLAIN",
                        "PATH", "/usr/bin"));

        assertThat(config.bootstrapServers()).contains("env:9092");
        assertThat(config.batching().maxBatch()).isEqualTo(64);
        assertThat(config.batching().maxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.kafkaClientOverrides())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void shouldFailFastWithOneLineOnBadValues() {
        assertThatThrownBy(
                        () -> StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_BATCH_MAX_SIZE", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("batch.max.size must be a whole number, got 'lots'");
        assertThatThrownBy(() -> StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_METRICS_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.port must be a port");
        assertThatThrownBy(() ->
                        StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_TOPIC_IMAGES", "bad topic!")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid topic name");
        assertThatThrownBy(
                        () -> StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_FACE_FALLBACK", "guess")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("face.fallback: unknown no-face policy 'guess' (expected reject or whole-image)");
    }

    @Test
    void shouldStopWellWithinKubernetesGracePeriodAndGiveTheClusterAMinuteBeforeHealthFails() {
        StreamAppConfig defaults = StreamAppConfig.load(Optional.empty(), Map.of());
        StreamAppConfig set = StreamAppConfig.load(
                Optional.empty(),
                Map.of("EMOTION_STREAM_SHUTDOWN_TIMEOUT", "8s", "EMOTION_STREAM_CLUSTER_UNREACHABLE_TIMEOUT", "2m"));

        assertThat(defaults.lifecycle())
                .isEqualTo(new LifecycleSettings(Duration.ofSeconds(20), Duration.ofSeconds(60)));
        assertThat(set.lifecycle()).isEqualTo(new LifecycleSettings(Duration.ofSeconds(8), Duration.ofMinutes(2)));
        assertThatThrownBy(
                        () -> StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_SHUTDOWN_TIMEOUT", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shutdown.timeout takes a positive duration");
    }

    @Test
    void shouldKeepNoFacesInDeadLettersAndKeepImagesADayUnlessToldOtherwise() {
        StreamAppConfig defaults = StreamAppConfig.load(Optional.empty(), Map.of());
        StreamAppConfig set = StreamAppConfig.load(
                Optional.empty(),
                Map.of(
                        "EMOTION_STREAM_DEAD_LETTER_VALUES", "keep",
                        "EMOTION_STREAM_TOPIC_IMAGES_RETENTION", "2h",
                        "EMOTION_STREAM_TOPIC_LABELS_RETENTION", "3d",
                        "EMOTION_STREAM_TOPIC_DEAD_LETTERS_RETENTION", "1d",
                        "EMOTION_STREAM_TOPIC_OUTPUTS_RETENTION", "30d",
                        "EMOTION_STREAM_TOPIC_MONITOR_FEED_RETENTION", "6h",
                        "EMOTION_STREAM_PREDICTIONS_DEMOGRAPHICS", "included"));

        assertThat(defaults.dataProtection())
                .isEqualTo(new DataProtection(
                        DeadLetterValues.DIGEST,
                        PublishedDemographics.WITHHELD,
                        new DataProtection.Retention(
                                Duration.ofHours(24),
                                Duration.ofHours(48),
                                Duration.ofDays(7),
                                Duration.ofDays(7),
                                Duration.ofHours(24))));
        assertThat(set.dataProtection())
                .isEqualTo(new DataProtection(
                        DeadLetterValues.KEEP,
                        PublishedDemographics.INCLUDED,
                        new DataProtection.Retention(
                                Duration.ofHours(2),
                                Duration.ofDays(3),
                                Duration.ofDays(1),
                                Duration.ofDays(30),
                                Duration.ofHours(6))));
    }

    @Test
    void shouldRefuseAnUnknownDemographicsChoice() {
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(), Map.of("EMOTION_STREAM_PREDICTIONS_DEMOGRAPHICS", "some")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("predictions.demographics: 'some' is not one of withheld, included");
    }

    @Test
    void shouldPseudonymiseTheConfiguredAttributesWithTheKeyInItsFile(@TempDir Path dir) throws IOException {
        // given a key file of 32 bytes
        Path key = Files.write(dir.resolve("pseudonym.key"), new byte[32]);

        // when
        StreamAppConfig config = StreamAppConfig.load(
                Optional.empty(),
                Map.of(
                        "EMOTION_STREAM_GROUPS_PSEUDONYMISE",
                        "ethnicity, age_band",
                        "EMOTION_STREAM_GROUPS_PSEUDONYM_KEY_FILE",
                        key.toString()));

        // then
        GroupPseudonyms pseudonyms = config.eventLimits().pseudonyms();
        assertThat(pseudonyms.attributes()).containsExactlyInAnyOrder("ethnicity", "age_band");
        assertThat(pseudonyms.pseudonym("ethnicity", "x"))
                .isEqualTo(GroupPseudonyms.of(new byte[32], Set.of("ethnicity")).pseudonym("ethnicity", "x"));
        assertThat(StreamAppConfig.load(Optional.empty(), Map.of())
                        .eventLimits()
                        .pseudonyms())
                .isSameAs(GroupPseudonyms.NONE);
    }

    @Test
    void shouldRefusePseudonymsWithoutAGoodKeyOrOfADerivedAttribute(@TempDir Path dir) throws IOException {
        Path shortKey = Files.write(dir.resolve("short.key"), new byte[8]);
        Path goodKey = Files.write(dir.resolve("good.key"), new byte[16]);

        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(), Map.of("EMOTION_STREAM_GROUPS_PSEUDONYMISE", "ethnicity")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs a key: set groups.pseudonym.key.file");
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(),
                        Map.of(
                                "EMOTION_STREAM_GROUPS_PSEUDONYMISE",
                                "ethnicity",
                                "EMOTION_STREAM_GROUPS_PSEUDONYM_KEY_FILE",
                                shortKey.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 16 bytes, got 8");
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(),
                        Map.of(
                                "EMOTION_STREAM_GROUPS_PSEUDONYMISE",
                                "ethnicity",
                                "EMOTION_STREAM_GROUPS_PSEUDONYM_KEY_FILE",
                                dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(),
                        Map.of(
                                "EMOTION_STREAM_GROUPS_PSEUDONYMISE",
                                "source",
                                "EMOTION_STREAM_GROUPS_PSEUDONYM_KEY_FILE",
                                goodKey.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'source' is not a producer's group");
    }

    @Test
    void shouldRefuseLabelsKeptShorterThanTheyWaitForTheirPrediction() {
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(),
                        Map.of(
                                "EMOTION_STREAM_TOPIC_LABELS_RETENTION", "12h",
                                "EMOTION_STREAM_MONITOR_LABEL_HORIZON", "24h")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("topic.labels.retention (12h) is shorter than monitor.label.horizon (24h): labels would go "
                        + "before they could be joined");
        assertThatThrownBy(() ->
                        StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_DEAD_LETTER_VALUES", "bytes")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dead.letter.values: 'bytes' is not one of digest, keep");
    }

    @Test
    void shouldReadWhereEachSourceFilmsAndWhereItsNoticeIs() {
        StreamAppConfig config = StreamAppConfig.load(
                Optional.empty(),
                Map.of(
                        "EMOTION_STREAM_SOURCE_CONTEXTS",
                                "office-cam=workplace, ward-cam=healthcare,plant-cam=workplace",
                        "EMOTION_STREAM_SOURCE_EXEMPTIONS", "plant-cam=safety",
                        "EMOTION_STREAM_SOURCE_NOTICES", "ward-cam=https://example.org/notice?lang=en"));

        SourcePurposes purposes = config.eventLimits().purposes();
        assertThat(purposes.refusal("office-cam")).isPresent();
        assertThat(purposes.refusal("plant-cam")).isEmpty();
        assertThat(purposes.refusal("ward-cam")).isEmpty();
        assertThat(purposes.notices()).containsExactly(Map.entry("ward-cam", "https://example.org/notice?lang=en"));
        assertThat(StreamAppConfig.load(Optional.empty(), Map.of())
                        .eventLimits()
                        .purposes())
                .isEqualTo(SourcePurposes.NONE_DECLARED);
    }

    @Test
    void shouldRefuseSourceDeclarationsItCannotRead() {
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(), Map.of("EMOTION_STREAM_SOURCE_CONTEXTS", "office-cam=office")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.contexts: 'office' is not a context (workplace, education,");
        assertThatThrownBy(() ->
                        StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_SOURCE_CONTEXTS", "office-cam")))
                .hasMessage("source.contexts: 'office-cam' is not SOURCE=VALUE");
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(), Map.of("EMOTION_STREAM_SOURCE_CONTEXTS", "a=retail,a=workplace")))
                .hasMessage("source.contexts: source 'a' is listed twice");
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(), Map.of("EMOTION_STREAM_SOURCE_EXEMPTIONS", "shop-cam=medical")))
                .hasMessage("source.exemptions: source 'shop-cam' has an exemption but its context (none declared) "
                        + "prohibits nothing");
    }

    @Test
    void shouldRejectFramesWithoutAFaceUnlessTheWholeImageFallbackIsChosen() {
        assertThat(StreamAppConfig.load(Optional.empty(), Map.of()).noFace()).isEqualTo(NoFacePolicy.REJECT);
        assertThat(StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_FACE_FALLBACK", "whole-image"))
                        .noFace())
                .isEqualTo(NoFacePolicy.WHOLE_IMAGE);
    }

    @Test
    void shouldRequireAModelNameAndTrustedKeysToFollowTheModelsTopic() throws Exception {
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(),
                        Map.of("EMOTION_STREAM_MODEL_SOURCE", "topic", "EMOTION_STREAM_MODEL_TRUSTED_KEYS", "k.pub")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs model=NAME");
        assertThatThrownBy(() -> StreamAppConfig.load(
                        Optional.empty(),
                        Map.of("EMOTION_STREAM_MODEL_SOURCE", "topic", "EMOTION_STREAM_MODEL", "faces")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.trusted.keys");
        assertThatThrownBy(
                        () -> StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_MODEL_SELECTOR", "newest")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("latest, version:N or alias:champion|challenger");

        Path key = Files.writeString(dir.resolve("k.pub"), "key");
        StreamAppConfig config = StreamAppConfig.load(
                Optional.empty(),
                Map.of(
                        "EMOTION_STREAM_MODEL_SOURCE",
                        "topic",
                        "EMOTION_STREAM_MODEL",
                        "faces",
                        "EMOTION_STREAM_MODEL_TRUSTED_KEYS",
                        key.toString(),
                        "EMOTION_STREAM_MODEL_SELECTOR",
                        "alias:champion"));
        assertThat(config.model().source()).isEqualTo(ModelSettings.Source.TOPIC);
        assertThat(config.model().selector()).hasToString("alias:champion");
        assertThat(config.model().trustedKeys()).containsExactly(key);
    }

    @Test
    void shouldRefuseUnknownSettingsInsteadOfIgnoringTypos() {
        assertThatThrownBy(() -> StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_BACH_MAX_SIZE", "8")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting 'bach.max.size'");
    }

    @Test
    void shouldSayWhenTheFileCannotBeRead() {
        assertThatThrownBy(() -> StreamAppConfig.load(Optional.of(dir.resolve("missing.properties")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read config file");
    }
}
