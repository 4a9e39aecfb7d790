package io.emotionstream.streamapp.it;

import static io.emotionstream.streamapp.it.StreamAppIT.event;
import static io.emotionstream.streamapp.it.StreamAppIT.header;
import static io.emotionstream.streamapp.it.StreamAppIT.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.broker.LocalSchemaRegistry;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry goes away under a running app (Apicurio Registry stopped, real broker): events framed with a
 * schema the app already fetched keep being classified; an event whose producer registered a new writer schema just
 * before the outage is dead-lettered as {@code schema_registry_unavailable}, its bytes intact for a replay, after a
 * bounded wait; nothing else is set aside, and the app keeps running.
 */
class RegistryOutageIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldKeepClassifyingKnownSchemasAndSetAsideOnlyNewOnesWhileTheRegistryIsDown() throws Exception {
        // given an app reading the registry's wire format, with a registry of its own that this test can stop
        String home = System.getProperty(SchemaRegistryServer.HOME_PROPERTY);
        LocalSchemaRegistry registryProcess = LocalSchemaRegistry.start(
                Path.of(home), Optional.empty(), Files.createTempFile(dir, "apicurio-", ".log"));
        StreamAppConfig config =
                SchemaRegistryWireIT.registryApp(kafka.bootstrapServers(), dir, registryProcess.ccompatUrl());
        Topics topics = config.topics();
        SchemaRegistry registry = new RestSchemaRegistry(registryProcess.ccompatUrl(), Duration.ofSeconds(10));
        TopicCodecs framed = TopicCodecs.of(topics, WireFormat.CONFLUENT, Optional.of(registry));

        try (StreamApp app = StreamApp.start(config);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            // and events the app has classified, so their writer schema is in its cache
            for (int i = 0; i < 3; i++) {
                send(producer, topics, "before-" + i, framed.images().encode(event("before-" + i, Images.png(i))));
            }
            producer.flush();
            assertThat(predictedIds(framed, topics, 3)).containsExactlyInAnyOrder("before-0", "before-1", "before-2");
            // and a producer that registers a newer writer schema (one optional field more) just before the outage
            Schema newer = withOptionalField(FaceImageEvent.getClassSchema());
            int newerId = registry.register(SchemaRegistry.valueSubject(topics.images()), newer);
            byte[] known = framed.images().encode(event("during-known", Images.png(7)));
            byte[] body = Arrays.copyOfRange(known, ConfluentFraming.HEADER_BYTES, known.length);
            // the new field is last and null: its union branch 0 is one zero byte after the older body
            byte[] newerEvent = ConfluentFraming.frame(newerId, Arrays.copyOf(body, body.length + 1));

            // when the registry stops, and both kinds of event arrive
            registryProcess.close();
            send(producer, topics, "during-new-schema", newerEvent);
            send(producer, topics, "during-known", known);
            producer.flush();

            // then the event with the known schema is classified as if nothing happened
            // (the predictions' schema came into this test's cache with the first three)
            assertThat(predictedIds(framed, topics, 4)).contains("during-known").doesNotContain("during-new-schema");
            // and the one the app cannot read without the registry is set aside with its own reason and its bytes'
            // digest (the original stays at dlq.offset of the images topic, to replay once the registry is back)
            List<ConsumerRecord<byte[], byte[]>> deadLetters =
                    Committed.readRaw(kafka.bootstrapServers(), topics.deadLetters(), 1, Duration.ofSeconds(60));
            assertThat(deadLetters).singleElement().satisfies(r -> {
                assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("during-new-schema");
                assertThat(header(r, "dlq.reason")).isEqualTo(DeadLetterReason.SCHEMA_REGISTRY_UNAVAILABLE.code());
                assertThat(r.value()).isNull();
                assertThat(header(r, "dlq.value.size")).isEqualTo(Integer.toString(newerEvent.length));
            });
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        } finally {
            registryProcess.close();
        }
    }

    /** The event ids of the committed predictions, read in the registry's wire format the app writes. */
    private static List<String> predictedIds(TopicCodecs codecs, Topics topics, int expected) {
        return Committed.readRaw(kafka.bootstrapServers(), topics.predictions(), expected, Duration.ofSeconds(90))
                .stream()
                .map(r -> codecs.predictions().decode(r.value()).getEventId().toString())
                .toList();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, String id, byte[] value) {
        producer.send(new ProducerRecord<>(topics.images(), utf8(id), value));
    }

    /** The schema with one more field at the end, optional with a null default: a BACKWARD-compatible change. */
    private static Schema withOptionalField(Schema schema) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(
                "cameraModel",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added by a newer producer",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
