package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.JavaProcess;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: a stream-app process is killed with SIGKILL in the middle of a stream (buffered batches, open
 * transactions and all), a new process takes over with the same state directory, and a read_committed consumer
 * must see exactly one prediction per input event: nothing lost, nothing duplicated.
 */
class ExactlyOnceCrashIT {
    private static final int EVENTS = 6000;

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldEmitExactlyOnePredictionPerEventAcrossAHardKill() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "crash-model");
        // the app runs in child processes (a hard kill must not take the test with it): its settings travel as
        // variables
        Map<String, String> env = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .environment();
        String images = new TestRun(run).topics().images();
        String predictions = new TestRun(run).topics().predictions();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(images, 2, (short) 1)))
                    .all()
                    .get();
        }
        produceRawImages(kafka.bootstrapServers(), images);

        // when the first instance has committed some predictions, it is killed without any chance to clean up
        Process first = launch(env, dir.resolve("first.log"));
        int seenBeforeKill = waitForCommitted(kafka.bootstrapServers(), predictions, 300, first);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(seenBeforeKill).as("killed mid-stream").isBetween(300, EVENTS - 1);

        // then a second instance finishes the job
        Process second = launch(env, dir.resolve("second.log"));
        try {
            var all = Committed.readPredictions(kafka.bootstrapServers(), predictions, EVENTS, Duration.ofSeconds(120));
            assertThat(all).hasSize(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                assertThat(all).containsKey("ev-" + i);
            }
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void produceRawImages(String bootstrap, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "linger.ms", "5"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("event-id", ("ev-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(
                        topic, null, ("ev-" + i).getBytes(StandardCharsets.UTF_8), Images.png(i), headers));
            }
            producer.flush();
        }
    }

    private static Process launch(Map<String, String> env, Path log) {
        return JavaProcess.launch(StreamApp.class.getName(), env, log, "-Xmx1g");
    }

    /** Reads committed predictions until at least {@code atLeast} arrived; returns how many were seen. */
    private static int waitForCommitted(String bootstrap, String topic, int atLeast, Process app) {
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "progress-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int seen = 0;
            while (seen < atLeast && System.nanoTime() < deadline && app.isAlive()) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
            return seen;
        }
    }
}
