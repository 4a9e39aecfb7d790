package io.emotionstream.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.registry.AvroCodec;
import io.emotionstream.schemas.registry.ConfluentFraming;
import io.emotionstream.schemas.registry.RestSchemaRegistry;
import io.emotionstream.schemas.registry.SchemaRegistry;
import io.emotionstream.schemas.registry.SchemaRegistry.Compatibility;
import io.emotionstream.schemas.registry.SchemaRegistryException;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.testkit.SchemaRegistryServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Confluent wire format against a real registry (Apicurio Registry's Confluent-compatible API) and its own serde. */
class SchemaRegistryIT {
    @RegisterExtension
    static final SchemaRegistryServer server = new SchemaRegistryServer();

    private final GroundTruthLabel label =
            new GroundTruthLabel("event-1", "happiness", Instant.ofEpochMilli(1_700_000_000_000L), "annotator-7");

    @Test
    void shouldRegisterItsSchemaUnderTheTopicsSubjectAndReadWhatItWrote() {
        // given a codec writing the Confluent format to a topic of its own
        String topic = "labels-" + UUID.randomUUID();
        SchemaRegistry registry = registry();
        AvroCodec<GroundTruthLabel> codec = codec(registry, topic, WireFormat.CONFLUENT);

        // when it writes a label
        byte[] bytes = codec.encode(label);

        // then the id in the framing is the one the registry gives GroundTruthLabel's schema under TOPIC-value,
        // and a fresh reader (no cache) gets the schema from the registry and the label back
        assertThat(ConfluentFraming.schemaId(bytes))
                .isEqualTo(registry.register(topic + "-value", GroundTruthLabel.getClassSchema()));
        assertThat(codec(registry(), topic, WireFormat.SINGLE_OBJECT).decode(bytes))
                .isEqualTo(label);
    }

    @Test
    void shouldResolveAnOlderWriterSchemaAndHaveTheRegistryRefuseAnIncompatibleOne() throws Exception {
        // given a subject with BACKWARD compatibility and an older version of the label schema (no 'source') on it
        String topic = "labels-" + UUID.randomUUID();
        String subject = SchemaRegistry.valueSubject(topic);
        SchemaRegistry registry = registry();
        registry.setCompatibility(subject, Compatibility.BACKWARD);
        Schema older = withoutField(GroundTruthLabel.getClassSchema(), "source");
        int olderId = registry.register(subject, older);
        GenericRecord old = new GenericData.Record(older);
        old.put("eventId", "event-2");
        old.put("label", "anger");
        old.put("labelledAt", 1_700_000_000_000L);

        // when this build registers its schema and reads a record written with the older one
        int currentId = registry.register(subject, GroundTruthLabel.getClassSchema());
        GroundTruthLabel read = codec(registry(), topic, WireFormat.SINGLE_OBJECT)
                .decode(ConfluentFraming.frame(olderId, body(older, old)));

        // then the current schema is a new version, and the old record reads with the new field's default
        assertThat(currentId).isNotEqualTo(olderId);
        assertThat(read.getEventId()).isEqualTo("event-2");
        assertThat(read.getSource()).isNull();
        // and a schema that breaks BACKWARD (a new field without a default) is refused by the registry
        Schema breaking = withExtraRequiredField(GroundTruthLabel.getClassSchema());
        assertThatThrownBy(() -> registry.register(subject, breaking))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("409");
    }

    @Test
    void shouldNameAnIdTheRealRegistryDoesNotKnowAsAnUnknownSchema() {
        byte[] framed = ConfluentFraming.frame(987_654, new byte[] {2, 'x'});

        assertThatThrownBy(() -> codec(registry(), "labels-" + UUID.randomUUID(), WireFormat.SINGLE_OBJECT)
                        .decode(framed))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(MissingSchemaException.class);
    }

    @Test
    void shouldReadWhatApicuriosSerdeWritesAndHaveItReadOurs() {
        String topic = "labels-" + UUID.randomUUID();
        Map<String, Object> apicurio = Map.of(
                SerdeConfig.REGISTRY_URL,
                server.apicurioUrl().toString(),
                SerdeConfig.AUTO_REGISTER_ARTIFACT,
                true,
                SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER,
                true,
                SerdeConfig.USE_ID,
                "contentId",
                AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER,
                true);

        // given Apicurio's serializer writing a label (it registers the schema itself)
        byte[] theirs;
        try (AvroKafkaSerializer<GroundTruthLabel> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(apicurio, false);
            theirs = serializer.serialize(topic, label);
        }

        // then our codec reads it
        assertThat(ConfluentFraming.isFramed(theirs)).isTrue();
        assertThat(codec(registry(), topic, WireFormat.SINGLE_OBJECT).decode(theirs))
                .isEqualTo(label);

        // and Apicurio's deserializer reads what we write
        byte[] ours = codec(registry(), topic, WireFormat.CONFLUENT).encode(label);
        try (AvroKafkaDeserializer<GroundTruthLabel> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(apicurio, false);
            assertThat(deserializer.deserialize(topic, ours)).isEqualTo(label);
        }
    }

    private static SchemaRegistry registry() {
        return new RestSchemaRegistry(server.ccompatUrl(), Duration.ofSeconds(10));
    }

    private static AvroCodec<GroundTruthLabel> codec(SchemaRegistry registry, String topic, WireFormat format) {
        return new AvroCodec<>(
                Topics.labelSerde(),
                GroundTruthLabel.getClassSchema(),
                format,
                Optional.of(registry),
                SchemaRegistry.valueSubject(topic));
    }

    private static Schema withoutField(Schema schema, String field) {
        return Schema.createRecord(
                schema.getName(),
                schema.getDoc(),
                schema.getNamespace(),
                false,
                schema.getFields().stream()
                        .filter(f -> !f.name().equals(field))
                        .map(f -> new Schema.Field(f, f.schema()))
                        .toList());
    }

    private static Schema withExtraRequiredField(Schema schema) {
        var fields = new java.util.ArrayList<>(schema.getFields().stream()
                .map(f -> new Schema.Field(f, f.schema()))
                .toList());
        fields.add(new Schema.Field(
                "confidence", Schema.create(Schema.Type.DOUBLE), "no default: old records cannot be read"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static byte[] body(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
