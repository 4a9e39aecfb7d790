package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.provision.TopicLimits;
import io.emotionstream.streamapp.topology.OutputLimits;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead letter never stops the stream by being too large for the dead-letter topic. Under exactly-once a record the
 * broker refuses for its size fails the transaction and stops the client (seen here before the fix: the app died on
 * a 60 KB dead letter for a 20,000-byte topic, and would again on every restart). The app raises the dead-letter
 * topic it finds too small at start-up, and fits each dead letter to what the topic takes (where the topic cannot be
 * raised, the original's SHA-256 and size replace it: {@code DeadLetterFitTest}, {@code LastLineOfDefenceTopologyTest}).
 */
class OversizedDeadLetterIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldRaiseATooSmallDeadLetterTopic_andKeepTheOriginalWhole() throws Exception {
        // given a dead-letter topic that takes at most 20,000 bytes a record, and an app with a model that keeps dead
        // letters' values (dead.letter.values=keep, for replay)
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "dlq-model");
        StreamAppConfig config = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .deadLetterValues(DeadLetterValues.KEEP)
                .build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(config.topics().deadLetters(), 1, (short) 1)
                            .configs(Map.of("max.message.bytes", "20000"))))
                    .all()
                    .get();
        }
        byte[] junk = new byte[60_000];
        new Random(3).nextBytes(junk);
        junk[0] = 1;

        try (StreamApp app = StreamApp.start(config);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            // when 60 KB that is not an image arrives, then a good image
            RecordHeaders headers = new RecordHeaders();
            headers.add("event-id", "junk".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(
                            config.topics().images(), null, "junk".getBytes(StandardCharsets.UTF_8), junk, headers))
                    .get();
            RecordHeaders good = new RecordHeaders();
            good.add("event-id", "good".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(
                            config.topics().images(),
                            null,
                            "good".getBytes(StandardCharsets.UTF_8),
                            Images.png(100),
                            good))
                    .get();

            // then the topic was raised to what the app may write, and the dead letter keeps the original whole
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(TopicLimits.maxMessageBytes(admin, config.topics().deadLetters()))
                        .hasValue(OutputLimits.MAX_RECORD_BYTES);
            }
            List<ConsumerRecord<byte[], byte[]>> dead = Committed.readRaw(
                    kafka.bootstrapServers(), config.topics().deadLetters(), 1, Duration.ofSeconds(60));
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(header(r, "dlq.reason")).isEqualTo("unrecognized_format");
                assertThat(header(r, "dlq.offset")).isEqualTo("0");
                assertThat(r.value()).isEqualTo(junk);
            });
            // and the stream went on
            assertThat(Committed.readPredictions(
                            kafka.bootstrapServers(), config.topics().predictions(), 1, Duration.ofSeconds(60)))
                    .containsKey("good");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        var h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
