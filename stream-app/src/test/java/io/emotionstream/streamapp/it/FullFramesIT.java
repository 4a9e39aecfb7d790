package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.TestFaces;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceLocationResult;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Camera-sized JPEG frames through a real broker, served by a model trained with face location. */
class FullFramesIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldClassifyTheFaceInFullFramesAndDeadLetterFramesWithoutOne() throws Exception {
        // given the app serving a model whose manifest says face location 'detect'
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "frames-model", FaceLocation.DETECT);
        StreamAppConfig config = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .build();

        try (StreamApp app = StreamApp.start(config)) {
            // when 30 frames with a face somewhere (raw JPEG bytes, metadata in headers) and 5 without arrive
            int withFace = 30;
            int withoutFace = 5;
            Random random = new Random(11);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < withFace + withoutFace; i++) {
                    BufferedImage frame = TestFaces.frame(640, 480, 60 + random.nextInt(40), i);
                    if (i < withFace) {
                        double size = 80 + random.nextInt(120);
                        TestFaces.draw(
                                frame,
                                new TestFaces.Placement(
                                        size + random.nextInt((int) (640 - 2 * size)),
                                        size + random.nextInt((int) (480 - 2 * size)),
                                        size,
                                        random.nextGaussian() * 5));
                    }
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("event-id", utf8("f" + i));
                    headers.add("source", utf8("camera"));
                    producer.send(
                            new ProducerRecord<>(config.topics().images(), null, utf8("f" + i), jpeg(frame), headers));
                }
            }

            // then every face frame has a prediction made from a located face, and the others are no_face dead letters
            Map<String, EmotionPrediction> predictions = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().predictions(), withFace, Duration.ofSeconds(60));
            var deadLetters = Committed.readRaw(
                    kafka.bootstrapServers(), config.topics().deadLetters(), withoutFace, Duration.ofSeconds(30));
            assertThat(predictions).hasSize(withFace);
            assertThat(predictions.values()).allSatisfy(p -> {
                assertThat(p.getFace()).isEqualTo(FaceLocationResult.DETECTED);
                assertThat(p.getFacesFound()).isEqualTo(1);
                assertThat(p.getModelName()).isEqualTo("frames-model");
            });
            assertThat(deadLetters).hasSize(withoutFace);
            assertThat(deadLetters)
                    .extracting(r -> StreamAppIT.header(r, "dlq.reason"))
                    .containsOnly("no_face");
            assertThat(deadLetters)
                    .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("f30", "f31", "f32", "f33", "f34");

            String metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains("emotion_faces_located_total{outcome=\"one_face\"} 30.0")
                    .contains("emotion_dead_letters_total{reason=\"no_face\"} 5.0")
                    .contains("emotion_preprocess_latency_seconds_count")
                    .contains("emotion_face_search_total{attribute=\"source\",group=\"camera\",result=\"found\"} 30.0")
                    .contains(
                            "emotion_face_search_total{attribute=\"source\",group=\"camera\",result=\"not_found\"} 5.0");
        }
    }

    private static byte[] jpeg(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
