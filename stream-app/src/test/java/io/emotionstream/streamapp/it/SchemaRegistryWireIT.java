package io.emotionstream.streamapp.it;

import static io.emotionstream.streamapp.it.StreamAppIT.event;
import static io.emotionstream.streamapp.it.StreamAppIT.header;
import static io.emotionstream.streamapp.it.StreamAppIT.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.registry.ConfluentFraming;
import io.emotionstream.schemas.registry.RestSchemaRegistry;
import io.emotionstream.schemas.registry.SchemaRegistry;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.SchemaRegistryServer;
import io.emotionstream.testkit.TestRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app with a real schema registry (Apicurio Registry through its Confluent-compatible API): it reads events in
 * either wire format, writes the Confluent format that a stock registry-aware consumer reads, dead-letters a framed
 * record whose schema id the registry does not know, and after a restart with framed poison waiting in its input
 * (another record's schema, a cut body, a huge length; on the labels topic too) names each and goes on.
 */
class SchemaRegistryWireIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @RegisterExtension
    static final SchemaRegistryServer registryServer = new SchemaRegistryServer();

    @TempDir
    Path dir;

    @Test
    void shouldReadEitherFormatWriteTheRegistryFormatAndDoSoAgainAfterARestart() throws Exception {
        // given an app writing the Confluent wire format with the registry, and a producer writing it too
        StreamAppConfig config = registryApp(kafka.bootstrapServers(), dir, registryServer.ccompatUrl());
        Topics topics = config.topics();
        SchemaRegistry registry = new RestSchemaRegistry(registryServer.ccompatUrl(), Duration.ofSeconds(10));
        TopicCodecs framedProducer = TopicCodecs.of(topics, WireFormat.CONFLUENT, Optional.of(registry));

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<String> expected = new ArrayList<>();
            try (StreamApp app = StreamApp.start(config)) {
                // when framed events, single-object events and one framed with an id the registry lacks arrive
                for (int i = 0; i < 10; i++) {
                    expected.add(send(
                            producer,
                            topics,
                            "framed-" + i,
                            framedProducer.images().encode(event("framed-" + i, Images.png(i)))));
                    expected.add(send(
                            producer,
                            topics,
                            "plain-" + i,
                            Topics.imageEventSerde().encode(event("plain-" + i, Images.png(i)))));
                }
                send(producer, topics, "unknown-id", ConfluentFraming.frame(2_000_000_000, new byte[] {2, 'x'}));
                producer.flush();

                // then each event has its prediction in the Confluent format, under the predictions subject's id ...
                List<ConsumerRecord<byte[], byte[]>> predictions = Committed.readRaw(
                        kafka.bootstrapServers(), topics.predictions(), expected.size(), Duration.ofSeconds(90));
                int predictionId = registry.register(
                        SchemaRegistry.valueSubject(topics.predictions()), EmotionPrediction.getClassSchema());
                assertThat(predictions).hasSize(expected.size()).allSatisfy(r -> {
                    assertThat(ConfluentFraming.isFramed(r.value())).isTrue();
                    assertThat(ConfluentFraming.schemaId(r.value())).isEqualTo(predictionId);
                });
                // ... that a stock registry-aware consumer reads (Apicurio's deserializer, Confluent id handling)
                assertThat(readWithApicurio(topics.predictions(), predictions))
                        .containsExactlyInAnyOrderElementsOf(expected);
                // the unknown schema id is a dead letter that names why
                List<ConsumerRecord<byte[], byte[]>> deadLetters =
                        Committed.readRaw(kafka.bootstrapServers(), topics.deadLetters(), 1, Duration.ofSeconds(30));
                assertThat(deadLetters).extracting(r -> header(r, "dlq.reason")).containsExactly("unknown_schema");
                // the monitor's figures are framed too, under their record's subject on the shared metrics topic
                List<ConsumerRecord<byte[], byte[]>> metrics =
                        Committed.readRaw(kafka.bootstrapServers(), topics.biasMetrics(), 1, Duration.ofSeconds(60));
                assertThat(metrics)
                        .isNotEmpty()
                        .allSatisfy(r ->
                                assertThat(ConfluentFraming.isFramed(r.value())).isTrue());
                // and every subject the app reads or writes requires BACKWARD compatibility
                assertThat(compatibility(SchemaRegistry.valueSubject(topics.images())))
                        .contains("BACKWARD");
                assertThat(compatibility(SchemaRegistry.valueSubject(topics.predictions())))
                        .contains("BACKWARD");
                assertThat(compatibility(
                                TopicCodecs.recordSubject(topics.biasMetrics(), GroupAccuracy.getClassSchema())))
                        .contains("BACKWARD");
            }

            // when, while the app is down, framed poison waits in the images topic: a writer schema of another record
            // type, a body cut short, a length prefix of 1 GiB; then more framed events
            byte[] good = framedProducer.images().encode(event("x", Images.png(1)));
            int alertSchemaId =
                    registry.register(SchemaRegistry.valueSubject(topics.biasAlerts()), BiasAlert.getClassSchema());
            send(
                    producer,
                    topics,
                    "other-record",
                    ConfluentFraming.frame(alertSchemaId, Arrays.copyOfRange(good, 5, good.length)));
            send(producer, topics, "cut-short", Arrays.copyOf(good, good.length / 2));
            send(producer, topics, "huge-length", ConfluentFraming.frame(ConfluentFraming.schemaId(good), new byte[] {
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08
            }));
            // and on the labels topic, which the monitor reads: an unknown id, a cut body, a 1 GiB length prefix
            byte[] label = framedProducer.labels().encode(new GroundTruthLabel("x", "anger", Instant.now(), "it"));
            producer.send(new ProducerRecord<>(
                    topics.labels(),
                    utf8("label-unknown-id"),
                    ConfluentFraming.frame(2_000_000_001, Arrays.copyOfRange(label, 5, label.length))));
            producer.send(new ProducerRecord<>(topics.labels(), utf8("label-cut-short"), Arrays.copyOf(label, 7)));
            producer.send(new ProducerRecord<>(
                    topics.labels(),
                    utf8("label-huge-length"),
                    ConfluentFraming.frame(
                            ConfluentFraming.schemaId(label),
                            new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08})));
            for (int i = 0; i < 5; i++) {
                expected.add(send(
                        producer,
                        topics,
                        "after-" + i,
                        framedProducer.images().encode(event("after-" + i, Images.png(i)))));
            }
            producer.flush();

            // and the app starts again on the same state
            try (StreamApp again = StreamApp.start(config)) {
                // then each poison is a dead letter naming why, and the events after it are classified, once each
                List<ConsumerRecord<byte[], byte[]>> deadLetters =
                        Committed.readRaw(kafka.bootstrapServers(), topics.deadLetters(), 7, Duration.ofSeconds(90));
                assertThat(deadLetters)
                        .extracting(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8) + ":"
                                + header(r, "dlq.reason"))
                        .containsExactlyInAnyOrder(
                                "unknown-id:unknown_schema",
                                "other-record:unknown_schema",
                                "cut-short:undecodable_avro",
                                "huge-length:avro_limit_exceeded",
                                "label-unknown-id:unknown_schema",
                                "label-cut-short:undecodable_label",
                                "label-huge-length:avro_limit_exceeded");
                List<ConsumerRecord<byte[], byte[]>> predictions = Committed.readRaw(
                        kafka.bootstrapServers(), topics.predictions(), expected.size(), Duration.ofSeconds(90));
                assertThat(readWithApicurio(topics.predictions(), predictions))
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(again.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }

    /** An app of a run of its own, reading and writing the registry's wire format, serving an untrained model. */
    static StreamAppConfig registryApp(String bootstrap, Path dir, URI registry) throws Exception {
        TestRun run = new TestRun(UUID.randomUUID().toString().substring(0, 8));
        Path models = dir.resolve("models");
        TestModels.publishUntrained(models, "it-model");
        return StreamAppConfig.builder()
                .bootstrapServers(bootstrap)
                .applicationId(run.applicationId())
                .topics(run.topics())
                .modelRegistry(models)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .schemaRegistry(registry.toString())
                .build();
    }

    private static String send(KafkaProducer<byte[], byte[]> producer, Topics topics, String id, byte[] value) {
        producer.send(new ProducerRecord<>(topics.images(), utf8(id), value));
        return id;
    }

    private static List<String> readWithApicurio(String topic, List<ConsumerRecord<byte[], byte[]>> records) {
        try (AvroKafkaDeserializer<GenericRecord> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(
                    Map.of(
                            SerdeConfig.REGISTRY_URL,
                            registryServer.apicurioUrl().toString(),
                            SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER,
                            true,
                            SerdeConfig.USE_ID,
                            "contentId"),
                    false);
            return records.stream()
                    .map(r -> deserializer
                            .deserialize(topic, r.value())
                            .get("eventId")
                            .toString())
                    .toList();
        }
    }

    private static String compatibility(String subject) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(registryServer.ccompatUrl() + "/config/" + subject))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
