package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with no cluster configured runs its own broker; its data lives under the state directory, so a
 * restarted {@code serve} has every topic, record and offset it had: nothing predicted is lost or predicted again.
 */
class ServeRestartIT {
    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryTopicAndOffsetOfTheEmbeddedBrokerAcrossARestart() throws Exception {
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "restart-model");
        StreamAppConfig config = StreamAppConfig.builder()
                .embeddedPort(0)
                .metricsPort(0)
                .modelRegistry(registry)
                .stateDir(dir.resolve("state"))
                .build();

        // given 20 events classified by a first serve
        try (StreamApp first = StreamApp.start(config, LocalServe.EMBEDDED)) {
            produce(first.bootstrapServers(), config.topics().images(), 0, 20);
            assertThat(Committed.readPredictions(
                            first.bootstrapServers(), config.topics().predictions(), 20, Duration.ofSeconds(60)))
                    .hasSize(20);
        }

        // when serve starts again on the same state directory and 5 more events come
        try (StreamApp second = StreamApp.start(config, LocalServe.EMBEDDED)) {
            produce(second.bootstrapServers(), config.topics().images(), 20, 25);

            // then the first 20 predictions are still there, the 5 new ones join them, none twice
            var all = Committed.readPredictions(
                    second.bootstrapServers(), config.topics().predictions(), 25, Duration.ofSeconds(60));
            assertThat(all).hasSize(25);
            for (int i = 0; i < 25; i++) {
                assertThat(all).containsKey("restart-" + i);
            }
        }
    }

    private static void produce(String bootstrap, String topic, int from, int to) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("event-id", ("restart-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic, null, (byte[]) null, Images.png(i), headers))
                        .get();
            }
        }
    }
}
