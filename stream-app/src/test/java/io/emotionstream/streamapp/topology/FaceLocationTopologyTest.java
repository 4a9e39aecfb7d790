package io.emotionstream.streamapp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.preprocess.ImageLimits;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.model.preprocess.face.TestFaces;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceLocationResult;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serving full camera frames: the model's face location decides the preprocessing, never a mismatch. */
class FaceLocationTopologyTest {
    private static final Topics TOPICS = ClassificationTopologyTest.TOPICS;
    private static final BatchingConfig BATCHING = ClassificationTopologyTest.BATCHING;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamMetrics metrics = new StreamMetrics(registry, new GroupTags(Set.of("source", "dataset"), 5));
    private final ClassifierHolder holder = new ClassifierHolder();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<String, EmotionPrediction> predictions;
    private TestOutputTopic<String, EmotionPrediction> shadow;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(NoFacePolicy noFace) {
        var errors = ClassificationTopologyTest.errorHandling(registry);
        driver = new TopologyTestDriver(
                ClassificationTopology.build(
                        TOPICS,
                        holder,
                        metrics,
                        BATCHING,
                        new ImagePreprocessors(ImageLimits.DEFAULT, noFace),
                        EventLimits.DEFAULT,
                        errors,
                        ClassificationTopologyTest.CLOCK),
                ClassificationTopologyTest.props(errors),
                ClassificationTopologyTest.NOW);
        images = ClassificationTopologyTest.imagesTopic(driver);
        predictions = driver.createOutputTopic(
                TOPICS.predictions(),
                Serdes.String().deserializer(),
                Topics.predictionSerde().deserializer());
        shadow = driver.createOutputTopic(
                TOPICS.shadowPredictions(),
                Serdes.String().deserializer(),
                Topics.predictionSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldClassifyTheLargestFaceOfEachFrameExactlyAsTrainingPreprocessesIt() throws Exception {
        // given a champion trained with face location
        FakeClassifier detecting = new FakeClassifier("faces", 1, FaceLocation.DETECT);
        holder.swap(detecting);
        start(NoFacePolicy.REJECT);
        byte[] oneFace = frame(new TestFaces.Placement(200, 200, 120, 0));
        byte[] threeFaces = frame(
                new TestFaces.Placement(110, 150, 80, 0),
                new TestFaces.Placement(400, 250, 170, 0),
                new TestFaces.Placement(560, 120, 90, 0));

        // when
        send("one", oneFace);
        send("three", threeFaces);
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then both are classified from their (largest) face, the tensor is the trainer's, and the faces are counted
        List<EmotionPrediction> out = predictions.readValuesToList();
        assertThat(out).extracting(EmotionPrediction::getEventId).containsExactly("one", "three");
        assertThat(out).extracting(EmotionPrediction::getFace).containsOnly(FaceLocationResult.DETECTED);
        assertThat(out).extracting(EmotionPrediction::getFacesFound).containsExactly(1, 3);
        ImagePreprocessor trainer = ImagePreprocessor.withDefaultLimits(FaceLocation.DETECT);
        assertThat(detecting.inputs.get(0)).containsExactly(trainer.preprocess(oneFace));
        assertThat(detecting.inputs.get(1)).containsExactly(trainer.preprocess(threeFaces));
        assertThat(registry.get("emotion_faces_located")
                        .tag("outcome", "one_face")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("emotion_faces_located")
                        .tag("outcome", "several_faces")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(faceSearches("found")).isEqualTo(2.0);
    }

    @Test
    void shouldServeAModelTrainedOnEyeAlignedFacesWithTheEyeAlignedPreprocessing() throws Exception {
        // given a champion trained with eye alignment, and a turned face (one whose eyes the cascade finds)
        FakeClassifier aligning = new FakeClassifier("faces", 1, FaceLocation.ALIGN);
        holder.swap(aligning);
        start(NoFacePolicy.REJECT);
        byte[] turned = frame(new TestFaces.Placement(320, 240, 250, -12));

        // when
        send("turned", turned);
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then the tensor is the trainer's aligned one, not the merely cropped one
        assertThat(predictions.readValue().getFace()).isEqualTo(FaceLocationResult.DETECTED);
        float[] aligned =
                ImagePreprocessor.withDefaultLimits(FaceLocation.ALIGN).preprocess(turned);
        assertThat(aligning.inputs.get(0)).containsExactly(aligned);
        assertThat(aligned)
                .isNotEqualTo(
                        ImagePreprocessor.withDefaultLimits(FaceLocation.DETECT).preprocess(turned));
    }

    @Test
    void shouldSendAFrameWithoutAFaceToDeadLettersAsNoFace() throws Exception {
        holder.swap(new FakeClassifier("faces", 1, FaceLocation.DETECT));
        start(NoFacePolicy.REJECT);
        byte[] empty = frame();

        send("empty", empty);
        driver.advanceWallClockTime(BATCHING.maxWait());

        assertThat(predictions.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(ClassificationTopologyTest.header(dead, "dlq.reason")).isEqualTo("no_face");
        assertThat(dead.key()).isEqualTo("empty".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.value()).as("no face pixels at rest").isNull();
        assertThat(registry.get("emotion_dead_letters")
                        .tag("reason", "no_face")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(faceSearches("not_found"))
                .as("per group: the detector's misses are visible per population")
                .isEqualTo(1.0);
    }

    @Test
    void shouldFallBackToTheWholeFrameWhenConfiguredAndSaySoInThePrediction() throws Exception {
        holder.swap(new FakeClassifier("faces", 1, FaceLocation.DETECT));
        start(NoFacePolicy.WHOLE_IMAGE);

        send("empty", frame());
        driver.advanceWallClockTime(BATCHING.maxWait());

        EmotionPrediction prediction = predictions.readValue();
        assertThat(prediction.getFace()).isEqualTo(FaceLocationResult.WHOLE_IMAGE_FALLBACK);
        assertThat(prediction.getFacesFound()).isZero();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(registry.get("emotion_faces_located")
                        .tag("outcome", "whole_image_fallback")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldPrepareBufferedEventsAgainWhenTheModelArrivingLaterLocatesFaces() throws Exception {
        // given events buffered before any model (prepared as whole images)
        start(NoFacePolicy.REJECT);
        byte[] face = frame(new TestFaces.Placement(300, 220, 140, 0));
        send("face", face);
        send("no-face", frame());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(predictions.isEmpty()).isTrue();

        // when the first model is one trained with face location
        FakeClassifier detecting = new FakeClassifier("faces", 1, FaceLocation.DETECT);
        holder.swap(detecting);
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then the face is classified from its crop, and the frame without one becomes a dead letter
        EmotionPrediction prediction = predictions.readValue();
        assertThat(prediction.getEventId()).isEqualTo("face");
        assertThat(prediction.getFace()).isEqualTo(FaceLocationResult.DETECTED);
        assertThat(detecting.inputs).hasSize(1);
        assertThat(detecting.inputs.get(0))
                .containsExactly(
                        ImagePreprocessor.withDefaultLimits(FaceLocation.DETECT).preprocess(face));
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(ClassificationTopologyTest.header(dead, "dlq.reason")).isEqualTo("no_face");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("no-face");
        assertThat(faceSearches("found")).isEqualTo(1.0);
        assertThat(faceSearches("not_found")).isEqualTo(1.0);
    }

    /** The events' source is "test"; the per-group counter of face searches with {@code result}. */
    private double faceSearches(String result) {
        return registry.get("emotion_face_search")
                .tag("attribute", "source")
                .tag("group", "test")
                .tag("result", result)
                .counter()
                .count();
    }

    @Test
    void shouldLetAChallengerWithAnotherFaceLocationShadowScoreWhatItCan() throws Exception {
        // given a whole-image champion and a face-locating challenger
        holder.swap(new FakeClassifier("faces", 1));
        FakeClassifier challenger = new FakeClassifier("faces", 2, FaceLocation.DETECT);
        holder.swap(ModelRole.CHALLENGER, challenger);
        start(NoFacePolicy.REJECT);

        send("face", frame(new TestFaces.Placement(300, 220, 140, 0)));
        send("no-face", frame());
        driver.advanceWallClockTime(BATCHING.maxWait());

        // then the champion answers both, the challenger only the frame with a face; nothing is dead-lettered
        assertThat(predictions.readValuesToList())
                .extracting(EmotionPrediction::getFace)
                .containsExactly(FaceLocationResult.NOT_LOCATED, FaceLocationResult.NOT_LOCATED);
        assertThat(shadow.readValuesToList())
                .extracting(EmotionPrediction::getEventId)
                .containsExactly("face");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(registry.get("emotion_shadow_skipped")
                        .tag("reason", "no_face")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    private void send(String id, byte[] image) {
        images.pipeInput(
                id.getBytes(StandardCharsets.UTF_8),
                Topics.imageEventSerde().encode(ClassificationTopologyTest.event(id, image)));
    }

    private static byte[] frame(TestFaces.Placement... faces) throws IOException {
        BufferedImage image = TestFaces.withFaces(640, 480, faces.length, faces);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
