package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StreamAppIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldClassifyGoodEventsAndDeadLetterBadOnesExactlyOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "it-model");
        StreamAppConfig config = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .build();

        try (StreamApp app = StreamApp.start(config)) {
            int good = 200;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < good; i++) {
                    producer.send(new ProducerRecord<>(
                            config.topics().images(),
                            utf8("e" + i),
                            Topics.imageEventSerde().encode(event("e" + i, Images.png(i % 256)))));
                }
                producer.send(new ProducerRecord<>(config.topics().images(), utf8("bad-1"), utf8("not an image")));
                producer.send(new ProducerRecord<>(
                        config.topics().images(), utf8("bad-2"), new byte[] {(byte) 0xC3, 0x01, 9, 9}));
            }

            Map<String, EmotionPrediction> predictions = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().predictions(), good, Duration.ofSeconds(60));
            var deadLetters = Committed.readRaw(
                    kafka.bootstrapServers(), config.topics().deadLetters(), 2, Duration.ofSeconds(30));

            assertThat(predictions).hasSize(good);
            assertThat(predictions.values()).allSatisfy(p -> {
                assertThat(p.getModelName()).isEqualTo("it-model");
                assertThat(p.getModelVersion()).isEqualTo(1);
                assertThat(p.getGroups()).as("withheld by default").isEmpty();
            });
            Map<String, EmotionPrediction> fed = Committed.readPredictions(
                    kafka.bootstrapServers(), config.topics().monitorFeed(), good, Duration.ofSeconds(30));
            assertThat(fed.values()).allSatisfy(p -> assertThat(p.getGroups()).containsEntry("dataset", "it"));
            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters)
                    .extracting(r -> header(r, "dlq.reason"))
                    .containsExactlyInAnyOrder("unrecognized_format", "undecodable_avro");

            HttpClient http = HttpClient.newHttpClient();
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains("emotion_predictions_total")
                    .contains("emotion_dead_letters_total{reason=\"unrecognized_format\"}")
                    .contains("emotion_inference_batch_size")
                    .contains("kafka_");
            int ready = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            assertThat(ready).isEqualTo(200);
        }
    }

    static FaceImageEvent event(String id, byte[] png) {
        return FaceImageEvent.newBuilder()
                .setEventId(id)
                .setEventTime(Instant.now())
                .setSource("it")
                .setImage(ByteBuffer.wrap(png))
                .setImageFormat(ImageFormat.PNG)
                .setSubjectId(null)
                .setLabel(EmotionLabel.HAPPINESS)
                .setGroups(Map.of("dataset", "it"))
                .build();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        var h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
