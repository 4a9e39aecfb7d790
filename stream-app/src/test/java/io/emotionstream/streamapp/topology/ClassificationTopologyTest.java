package io.emotionstream.streamapp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.OnnxFixtures;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.TestPngs;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.platform.events.DeploymentContext;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.platform.events.SourcePurposes;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.GroupPseudonyms;
import io.emotionstream.schemas.PurposeHeaders;
import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.DemographicsCopy;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.classify.BundleClassifier;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.errors.FailureBreaker;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.testkit.TopologyTestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationTopologyTest {
    static final Topics TOPICS = new Topics(
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
    static final BatchingConfig BATCHING = new BatchingConfig(4, Duration.ofMillis(50));
    /** The app's clock in these tests; event times are checked against it (EventLimits). */
    static final Instant NOW = Instant.ofEpochMilli(1_000_000);

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamMetrics metrics = new StreamMetrics(registry, new GroupTags(Set.of("source", "dataset"), 5));
    private final ClassifierHolder holder = new ClassifierHolder();
    private final FakeClassifier model = new FakeClassifier("fake", 3);
    private final ErrorHandling errors = errorHandling(registry);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<String, EmotionPrediction> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, EmotionPrediction> shadow;
    private TestOutputTopic<String, EmotionPrediction> monitorFeed;

    @BeforeEach
    void startDriver() {
        holder.swap(model);
        startDriver(EventLimits.DEFAULT, errors);
    }

    /** (Re)starts the driver on the topology built with {@code limits} and {@code handling}, with every topic. */
    private void startDriver(EventLimits limits, ErrorHandling handling) {
        startDriver(new ClassificationSettings(BATCHING, limits, DemographicsRouting.DEFAULT), handling);
    }

    private void startDriver(ClassificationSettings settings, ErrorHandling handling) {
        if (driver != null) {
            driver.close();
        }
        driver = new TopologyTestDriver(
                ClassificationTopology.build(
                        TOPICS,
                        TopicCodecs.singleObject(TOPICS),
                        holder,
                        metrics,
                        ImagePreprocessors.withDefaults(),
                        settings,
                        handling,
                        CLOCK),
                props(handling),
                NOW);
        images = imagesTopic(driver);
        predictions = driver.createOutputTopic(
                TOPICS.predictions(),
                Serdes.String().deserializer(),
                Topics.predictionSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        shadow = driver.createOutputTopic(
                TOPICS.shadowPredictions(),
                Serdes.String().deserializer(),
                Topics.predictionSerde().deserializer());
        monitorFeed = driver.createOutputTopic(
                TOPICS.monitorFeed(),
                Serdes.String().deserializer(),
                Topics.predictionSerde().deserializer());
    }

    private Topology topology() {
        return ClassificationTopology.build(
                TOPICS,
                holder,
                metrics,
                BATCHING,
                ImagePreprocessors.withDefaults(),
                EventLimits.DEFAULT,
                errors,
                CLOCK);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldClassifyAFullBatchInOneForwardPass() throws Exception {
        for (int i = 0; i < 4; i++) {
            pipeAvro(event("e" + i, png(230)));
        }

        List<EmotionPrediction> out = predictions.readValuesToList();

        assertThat(out).extracting(EmotionPrediction::getEventId).containsExactly("e0", "e1", "e2", "e3");
        assertThat(out).allSatisfy(p -> {
            assertThat(p.getPredicted()).isEqualTo(EmotionLabel.HAPPINESS);
            assertThat(p.getModelName()).isEqualTo("fake");
            assertThat(p.getModelVersion()).isEqualTo(3);
            assertThat(p.getProbabilities().getHappiness()).isEqualTo(0.75f);
            assertThat(p.getProbabilities().getNeutral())
                    .as("a six-class model has no neutral class")
                    .isNull();
            assertThat(p.getLabel()).isEqualTo(EmotionLabel.SURPRISE);
        });
        assertThat(model.batchSizes).containsExactly(4);
    }

    @Test
    void shouldWithholdSubjectAndGroupsFromThePublicTopics_andFeedOnlyTheGroupsToTheMonitor() throws Exception {
        // given a champion and a challenger, and events that carry a subject id and a group
        holder.swap(ModelRole.CHALLENGER, new FakeClassifier("fake", 4));

        // when a batch is classified
        for (int i = 0; i < 4; i++) {
            FaceImageEvent event = event("d" + i, png(230));
            event.setSubjectId("person-" + i);
            pipeAvro(event);
        }

        // then neither public topic names the person or their group, and says it withheld them
        List<EmotionPrediction> published = new ArrayList<>(predictions.readValuesToList());
        published.addAll(shadow.readValuesToList());
        assertThat(published).hasSize(8).allSatisfy(p -> {
            assertThat(p.getSubjectId()).isNull();
            assertThat(p.getGroups()).isEmpty();
            assertThat(p.getDemographics()).isEqualTo(DemographicsCopy.WITHHELD);
        });
        // and the monitor's feed has both roles' predictions with the groups, still without the subject id
        List<EmotionPrediction> fed = monitorFeed.readValuesToList();
        assertThat(fed)
                .extracting(EmotionPrediction::getRole)
                .containsOnly(ModelRole.CHAMPION, ModelRole.CHALLENGER)
                .hasSize(8);
        assertThat(fed).allSatisfy(p -> {
            assertThat(p.getSubjectId()).isNull();
            assertThat(p.getGroups()).containsExactly(Map.entry("ethnicity", "east_asian"));
            assertThat(p.getDemographics()).isEqualTo(DemographicsCopy.GROUPS_ONLY);
        });
    }

    @Test
    void shouldCopyTheDemographicsToThePublicTopicOnlyWhenConfigured() throws Exception {
        // given an app told to include demographics on the predictions topics (predictions.demographics=included)
        startDriver(
                new ClassificationSettings(
                        BATCHING, EventLimits.DEFAULT, new DemographicsRouting(PublishedDemographics.INCLUDED, true)),
                errors);
        FaceImageEvent event = event("included", png(230));
        event.setSubjectId("person-1");

        // when
        pipeAvro(event);
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then
        EmotionPrediction p = predictions.readValue();
        assertThat(p.getSubjectId()).isEqualTo("person-1");
        assertThat(p.getGroups()).containsExactly(Map.entry("ethnicity", "east_asian"));
        assertThat(p.getDemographics()).isEqualTo(DemographicsCopy.COPIED);
    }

    @Test
    void shouldFeedNothingToTheMonitorWhenItDoesNotRun() throws Exception {
        // given an app whose monitor is off (monitor.enabled=false)
        startDriver(
                new ClassificationSettings(
                        BATCHING, EventLimits.DEFAULT, new DemographicsRouting(PublishedDemographics.WITHHELD, false)),
                errors);

        // when
        pipeAvro(event("unmonitored", png(230)));
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then the prediction is published and no copy with groups is written anywhere
        assertThat(predictions.readValue().getEventId()).isEqualTo("unmonitored");
        assertThat(monitorFeed.isEmpty()).isTrue();
    }

    @Test
    void shouldPseudonymiseConfiguredGroupsBeforeTheyReachTheMonitor() throws Exception {
        // given an app that pseudonymises ethnicity (and leaves other attributes alone)
        byte[] key = "a pseudonym key, long enough".getBytes(StandardCharsets.UTF_8);
        GroupPseudonyms pseudonyms = GroupPseudonyms.of(key, Set.of("ethnicity"));
        startDriver(
                new ClassificationSettings(
                        BATCHING,
                        EventLimits.DEFAULT.toBuilder().pseudonyms(pseudonyms).build(),
                        new DemographicsRouting(PublishedDemographics.INCLUDED, true)),
                errors);
        FaceImageEvent event = event("pseudonymous", png(230));
        event.setGroups(Map.of("ethnicity", "east_asian", "dataset", "jaffe"));

        // when the event is classified
        pipeAvro(event);
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then the monitor, and the public topic that includes demographics, see its pseudonym, never the value
        Map<String, String> expected =
                Map.of("ethnicity", pseudonyms.pseudonym("ethnicity", "east_asian"), "dataset", "jaffe");
        assertThat(monitorFeed.readValue().getGroups()).isEqualTo(expected);
        assertThat(predictions.readValue().getGroups()).isEqualTo(expected);
    }

    @Test
    void shouldFlushAPartialBatchWhenTheWaitRunsOut() throws Exception {
        pipeAvro(event("a", png(20)));
        pipeAvro(event("b", png(20)));
        assertThat(predictions.isEmpty()).isTrue();

        driver.advanceWallClockTime(BATCHING.maxWait());

        assertThat(predictions.readValuesToList())
                .extracting(EmotionPrediction::getPredicted)
                .containsExactly(EmotionLabel.SADNESS, EmotionLabel.SADNESS);
        assertThat(model.batchSizes).containsExactly(2);
    }

    @Test
    void shouldScoreEveryEventWithTheChallengerToo_onlyOnTheShadowTopic() throws Exception {
        // given a challenger beside the champion
        FakeClassifier challenger = new FakeClassifier("fake", 4);
        holder.swap(ModelRole.CHALLENGER, challenger);

        // when a batch is classified
        for (int i = 0; i < 4; i++) {
            pipeAvro(event("s" + i, png(230)));
        }

        // then the main topic has only champion predictions and the shadow topic the challenger's, same events
        List<EmotionPrediction> main = predictions.readValuesToList();
        List<EmotionPrediction> shadowed = shadow.readValuesToList();
        assertThat(main).extracting(EmotionPrediction::getRole).containsOnly(ModelRole.CHAMPION);
        assertThat(main).extracting(EmotionPrediction::getModelVersion).containsOnly(3);
        assertThat(shadowed).extracting(EmotionPrediction::getRole).containsOnly(ModelRole.CHALLENGER);
        assertThat(shadowed).extracting(EmotionPrediction::getModelVersion).containsOnly(4);
        assertThat(shadowed)
                .extracting(EmotionPrediction::getEventId)
                .containsExactlyElementsOf(
                        main.stream().map(EmotionPrediction::getEventId).toList());
        assertThat(challenger.batchSizes).containsExactly(4);
    }

    @Test
    void shouldKeyPredictionsByEventId() throws Exception {
        pipeAvro(event("key-me", png(200)));
        driver.advanceWallClockTime(BATCHING.maxWait());

        assertThat(predictions.readRecord().key()).isEqualTo("key-me");
    }

    @Test
    void shouldAcceptRawImageBytesWithMetadataInHeaders() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-id", utf8("cam-7-0001"));
        headers.add("source", utf8("camera-7"));
        headers.add("label", utf8("happy"));
        headers.add("group.gender", utf8("female"));

        images.pipeInput(new TestRecord<>(null, png(220), headers, Instant.ofEpochMilli(5_000)));
        driver.advanceWallClockTime(BATCHING.maxWait());

        EmotionPrediction p = predictions.readValue();
        assertThat(p.getEventId()).isEqualTo("cam-7-0001");
        assertThat(p.getSource()).isEqualTo("camera-7");
        assertThat(p.getLabel()).isEqualTo(EmotionLabel.HAPPINESS);
        assertThat(p.getEventTime()).isEqualTo(Instant.ofEpochMilli(5_000));
        assertThat(monitorFeed.readValue().getGroups()).containsExactly(Map.entry("gender", "female"));
    }

    @Test
    void shouldNameARawImageWithoutIdAfterItsTopicPartitionAndOffset() throws Exception {
        images.pipeInput(new TestRecord<>(null, png(220)));
        driver.advanceWallClockTime(BATCHING.maxWait());

        assertThat(predictions.readValue().getEventId()).isEqualTo("images-0-0");
    }

    @Test
    void shouldSendBadInputToDeadLettersWithReasonOriginAndDigest_notTheBytes() throws Exception {
        byte[] notAnImage = utf8("definitely not an image");
        byte[] truncated = Arrays.copyOf(png(100), 40);
        byte[] badAvro = Arrays.copyOf(Topics.imageEventSerde().encode(event("z", png(10))), 14); // body cut short
        byte[] unknownSchema = Arrays.copyOf(Topics.imageEventSerde().encode(event("x", png(10))), 64);
        unknownSchema[2] ^= 0x7f; // corrupt the schema fingerprint
        byte[] avroWithBadImage = Topics.imageEventSerde().encode(event("y", utf8("no pixels here")));

        images.pipeInput(new TestRecord<>(utf8("k1"), notAnImage, personal(), NOW));
        images.pipeInput(utf8("k2"), truncated);
        images.pipeInput(utf8("k3"), badAvro);
        images.pipeInput(utf8("k4"), unknownSchema);
        images.pipeInput(utf8("k5"), avroWithBadImage);
        driver.advanceWallClockTime(BATCHING.maxWait());

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead)
                .extracting(r -> header(r, "dlq.reason"))
                .containsExactly(
                        "unrecognized_format",
                        "truncated",
                        "undecodable_avro",
                        "unknown_schema",
                        "unrecognized_format");
        assertThat(dead).extracting(TestRecord::value).containsOnlyNulls();
        assertThat(header(dead.get(0), "dlq.value.sha256")).isEqualTo(sha256Hex(notAnImage));
        assertThat(header(dead.get(0), "dlq.value.size")).isEqualTo("23");
        assertThat(header(dead.get(0), RawImageHeaders.SUBJECT_ID))
                .as("no person id at rest")
                .isNull();
        assertThat(header(dead.get(0), "dlq.headers.dropped")).isEqualTo("2");
        assertThat(new String(dead.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("k2");
        assertThat(dead).extracting(r -> header(r, "dlq.topic")).containsOnly("images");
        assertThat(dead).extracting(r -> header(r, "dlq.offset")).containsExactly("0", "1", "2", "3", "4");
        assertThat(dead).extracting(r -> header(r, "dlq.partition")).containsOnly("0");
        assertThat(predictions.isEmpty()).isTrue();
        assertThat(registry.get("emotion_dead_letters")
                        .tag("reason", "truncated")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldKeepADeadLettersBytesAndHeadersOnlyWhenToldTo() {
        // given an app told to keep dead letters' values, for replay (dead.letter.values=keep)
        startDriver(
                EventLimits.DEFAULT,
                TopologyTestSettings.errorHandling(
                        "classifier", TOPICS, registry, FailureBreaker.withDefaults(), DeadLetterValues.KEEP));
        byte[] notAnImage = utf8("definitely not an image");

        // when bad input arrives
        images.pipeInput(new TestRecord<>(utf8("k1"), notAnImage, personal(), NOW));

        // then its dead letter is the record as it came, with the reason
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(notAnImage);
        assertThat(header(dead, RawImageHeaders.SUBJECT_ID)).isEqualTo("s-17");
        assertThat(header(dead, "dlq.reason")).isEqualTo("unrecognized_format");
    }

    @Test
    void shouldRefuseAWorkplaceSourceAndCountEventsFromSourcesWithoutANotice() throws Exception {
        // given an app told that one source films a workplace and that another has a notice for the people it films
        startDriver(
                EventLimits.DEFAULT.toBuilder()
                        .purposes(new SourcePurposes(
                                Map.of("office-cam", DeploymentContext.WORKPLACE),
                                Map.of(),
                                Map.of("lobby-cam", "https://example.org/notice")))
                        .build(),
                errors);

        // when the office, the lobby and a source nobody declared send an event each
        for (String source : List.of("office-cam", "lobby-cam", "hall-cam")) {
            FaceImageEvent event = event(source + "-1", png(200));
            event.setSource(source);
            pipeAvro(event);
        }
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then the office's is refused, the others are classified, and one was served without a notice
        assertThat(predictions.readValuesToList())
                .extracting(p -> p.getSource().toString())
                .containsExactlyInAnyOrder("lobby-cam", "hall-cam");
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, "dlq.reason")).isEqualTo("prohibited_context");
        assertThat(registry.get("emotion_dead_letters")
                        .tag("reason", "prohibited_context")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("emotion_events_without_notice").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldTakeANoticeFromTheEventsHeader() throws Exception {
        // given a source with no declared notice, whose producer names the notice on each event
        FaceImageEvent event = event("told-1", png(200));
        event.setSource("kiosk-cam");

        // when
        images.pipeInput(new TestRecord<>(
                utf8("told-1"),
                Topics.imageEventSerde().encode(event),
                new RecordHeaders().add(PurposeHeaders.NOTICE, utf8("https://example.org/kiosk-notice")),
                NOW));
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then it is served and not counted as served without a notice
        assertThat(predictions.readValue().getEventId()).isEqualTo("told-1");
        assertThat(registry.get("emotion_events_without_notice").counter().count())
                .isZero();
    }

    /** A raw image's headers naming a person and a group, as a camera producer may send them. */
    private static Headers personal() {
        return new RecordHeaders()
                .add(RawImageHeaders.SUBJECT_ID, utf8("s-17"))
                .add(RawImageHeaders.GROUP_PREFIX + "age_band", utf8("40-49"));
    }

    /** SHA-256 in hex, computed here with the JDK rather than with the code under test. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldRefuseADecompressionBombBeforeDecodingIt() {
        images.pipeInput(utf8("bomb"), TestPngs.headerOnly(60_000, 60_000));

        assertThat(header(deadLetters.readRecord(), "dlq.reason")).isEqualTo("too_many_pixels");
    }

    /** Starts the topology again with no model installed yet; returns the holder to install one into. */
    private ClassifierHolder restartWithoutAModel() {
        ClassifierHolder empty = new ClassifierHolder();
        driver.close();
        driver = new TopologyTestDriver(
                ClassificationTopology.build(
                        TOPICS,
                        empty,
                        metrics,
                        BATCHING,
                        ImagePreprocessors.withDefaults(),
                        EventLimits.DEFAULT,
                        errors,
                        CLOCK),
                props(errors),
                NOW);
        images = imagesTopic(driver);
        predictions = driver.createOutputTopic(
                TOPICS.predictions(),
                Serdes.String().deserializer(),
                Topics.predictionSerde().deserializer());
        return empty;
    }

    @Test
    void shouldHoldEventsUntilAModelIsInstalled() throws Exception {
        ClassifierHolder empty = restartWithoutAModel();
        for (int i = 0; i < 6; i++) {
            pipeAvro(event("held-" + i, png(200)));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(predictions.isEmpty())
                .as("no model: nothing emitted, nothing dropped")
                .isTrue();

        empty.swap(model);
        driver.advanceWallClockTime(BATCHING.maxWait());

        assertThat(predictions.readValuesToList())
                .extracting(EmotionPrediction::getEventId)
                .containsExactly("held-0", "held-1", "held-2", "held-3", "held-4", "held-5");
        assertThat(model.batchSizes).containsExactly(4, 2);
    }

    @Test
    void shouldDrainALongBacklogInBoundedChunks_soNoPunctuationOutlivesTheTransaction() throws Exception {
        // given 100 events that waited for a model
        ClassifierHolder empty = restartWithoutAModel();
        for (int i = 0; i < 100; i++) {
            pipeAvro(event("backlog-" + i, png(200)));
        }

        // when a model arrives, each punctuation classifies at most MAX_BATCHES_PER_FLUSH batches of 4
        empty.swap(model);
        driver.advanceWallClockTime(BATCHING.maxWait());
        assertThat(predictions.readValuesToList())
                .hasSize(MicroBatchProcessor.MAX_BATCHES_PER_FLUSH * BATCHING.maxBatch());
        driver.advanceWallClockTime(BATCHING.maxWait());
        driver.advanceWallClockTime(BATCHING.maxWait());
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then the backlog drains over a few punctuations, every event once
        assertThat(predictions.readValuesToList())
                .hasSize(100 - MicroBatchProcessor.MAX_BATCHES_PER_FLUSH * BATCHING.maxBatch());
    }

    @Test
    void shouldTagEachPredictionWithTheModelThatMadeIt() throws Exception {
        pipeAvro(event("before", png(200)));
        driver.advanceWallClockTime(BATCHING.maxWait());
        holder.swap(new FakeClassifier("fake", 4));
        pipeAvro(event("after", png(200)));
        driver.advanceWallClockTime(BATCHING.maxWait());

        assertThat(predictions.readValuesToList())
                .extracting(EmotionPrediction::getModelVersion)
                .containsExactly(3, 4);
        assertThat(registry.get("emotion_predictions")
                        .tag("model_version", "4")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldServeAnImportedGraphWithItsOwnInputAndClasses(@TempDir Path registryDir) throws Exception {
        // given a graph bundle taking 16x16 images in [-1, 1], with seven classes (neutral last)
        Preprocessing own = new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.SYMMETRIC));
        ModelBundle bundle = new ModelRegistry(registryDir)
                .publish(
                        TestModels.tinyGraph(16, 7),
                        UntrainedManifest.draft("graph", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setHyperparameters(null)
                                .setLabels(List.of(
                                        "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"))
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(own.spec()));
        holder.swap(BundleClassifier.load(bundle));

        // when
        for (int i = 0; i < 4; i++) {
            pipeAvro(event("g" + i, png(60 * i)));
        }

        // then each image is classified as the bundle classifies it after its own preprocessing, over its seven classes
        List<EmotionPrediction> out = predictions.readValuesToList();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(out).hasSize(4);
        LoadedModel loaded = bundle.load();
        for (int i = 0; i < 4; i++) {
            float[] seven = loaded.classProbabilities(
                            List.of(ImagePreprocessor.withDefaultLimits(own).preprocess(png(60 * i))))[0];
            EmotionPrediction prediction = out.get(i);
            assertThat(prediction.getModelName()).isEqualTo("graph");
            assertThat(prediction.getPredicted().name())
                    .isEqualTo(Emotion.mostProbable(seven).name());
            assertThat(prediction.getProbabilities().getAnger()).isCloseTo(seven[0], within(1e-6f));
            assertThat(prediction.getProbabilities().getNeutral()).isCloseTo(seven[6], within(1e-6f));
        }
    }

    @Test
    void shouldServeAnOnnxBundleThroughTheSameSeam(@TempDir Path registryDir) throws Exception {
        // given a PyTorch export ending in logits, taking 16x16 images in [0, 1], seven classes (neutral last)
        Preprocessing own = new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.UNIT));
        ModelBundle bundle = new ModelRegistry(registryDir)
                .publishOnnx(
                        OnnxFixtures.bytes("tiny-logits.onnx"),
                        UntrainedManifest.draft("onnx", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setHyperparameters(null)
                                .setLabels(List.of(
                                        "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"))
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(own.spec())
                                .setOutputs(OutputKind.LOGITS));
        holder.swap(BundleClassifier.load(bundle));

        // when three images arrive within one micro-batch
        for (int i = 0; i < 3; i++) {
            pipeAvro(event("o" + i, png(70 * i)));
        }
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then each is classified as the bundle classifies it alone, after its own preprocessing
        List<EmotionPrediction> out = predictions.readValuesToList();
        assertThat(out).hasSize(3);
        LoadedModel loaded = bundle.load();
        for (int i = 0; i < 3; i++) {
            float[] seven = loaded.classProbabilities(
                            List.of(ImagePreprocessor.withDefaultLimits(own).preprocess(png(70 * i))))[0];
            assertThat(out.get(i).getModelName()).isEqualTo("onnx");
            assertThat(out.get(i).getPredicted().name())
                    .isEqualTo(Emotion.mostProbable(seven).name());
            assertThat(out.get(i).getProbabilities().getSurprise()).isCloseTo(seven[5], within(1e-6f));
            assertThat(out.get(i).getProbabilities().getNeutral()).isCloseTo(seven[6], within(1e-6f));
        }
    }

    @Test
    void shouldMatchTheGoldenDescription() throws Exception {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/topology-description.txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(topology().describe().toString().strip()).isEqualTo(golden.strip());
    }

    static Properties props(ErrorHandling errors) {
        return TopologyTestSettings.properties("topology-test", errors);
    }

    static ErrorHandling errorHandling(SimpleMeterRegistry registry) {
        return TopologyTestSettings.errorHandling("classifier", TOPICS, registry, FailureBreaker.withDefaults());
    }

    /** Records piped without a timestamp get the app's time, as if produced just now. */
    static TestInputTopic<byte[], byte[]> imagesTopic(TopologyTestDriver driver) {
        return driver.createInputTopic(
                TOPICS.images(),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(),
                NOW,
                Duration.ZERO);
    }

    private void pipeAvro(FaceImageEvent event) {
        images.pipeInput(utf8(event.getEventId()), Topics.imageEventSerde().encode(event));
    }

    static FaceImageEvent event(String id, byte[] image) {
        return FaceImageEvent.newBuilder()
                .setEventId(id)
                .setEventTime(Instant.ofEpochMilli(999_000))
                .setSource("test")
                .setImage(ByteBuffer.wrap(image))
                .setImageFormat(ImageFormat.PNG)
                .setSubjectId(null)
                .setLabel(EmotionLabel.SURPRISE)
                .setGroups(Map.of("ethnicity", "east_asian"))
                .build();
    }

    static byte[] png(int gray) throws IOException {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[48];
        Arrays.fill(row, gray);
        for (int y = 0; y < 48; y++) {
            image.getRaster().setSamples(0, y, 48, 1, 0, row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String header(TestRecord<byte[], byte[]> record, String key) {
        var h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
