package io.emotionstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.monitor.BiasAlert;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    private static final String SUBJECT = SchemaRegistry.valueSubject("emotion.labels");
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final GroundTruthLabel label =
            new GroundTruthLabel("event-1", "happiness", Instant.ofEpochMilli(1_700_000_000_000L), "annotator-7");

    @Test
    void shouldWriteTheConfluentFramingWithTheIdItsSchemaIsRegisteredUnder() {
        // given a codec writing the Confluent format
        AvroCodec<GroundTruthLabel> codec = codec(WireFormat.CONFLUENT);

        // when it writes a label
        byte[] bytes = codec.encode(label);

        // then the bytes are 0, the 4-byte id of GroundTruthLabel's schema in the registry, then the body
        assertThat(bytes[0]).isZero();
        assertThat(ConfluentFraming.schemaId(bytes))
                .isEqualTo(registry.register(SUBJECT, GroundTruthLabel.getClassSchema()));
        assertThat(codec.decode(bytes)).isEqualTo(label);
    }

    @Test
    void shouldReadBothFormatsWhicheverItWrites() {
        // given labels written in each format
        byte[] singleObject = Topics.labelSerde().encode(label);
        byte[] framed = codec(WireFormat.CONFLUENT).encode(label);

        // when a codec that writes single-object encoding but knows the registry reads them, then both decode
        AvroCodec<GroundTruthLabel> reader = codec(WireFormat.SINGLE_OBJECT);
        assertThat(reader.decode(singleObject)).isEqualTo(label);
        assertThat(reader.decode(framed)).isEqualTo(label);
        assertThat(reader.encode(label)).isEqualTo(singleObject);
    }

    @Test
    void shouldResolveAnOlderWriterSchemaFromTheRegistry() throws Exception {
        // given a label written by an older producer whose schema had no 'source' field
        Schema older = withoutField(GroundTruthLabel.getClassSchema(), "source");
        GenericRecord old = new GenericData.Record(older);
        old.put("eventId", "event-2");
        old.put("label", "anger");
        old.put("labelledAt", 1_700_000_000_000L);
        int olderId = registry.register(SUBJECT, older);
        byte[] framed = ConfluentFraming.frame(olderId, body(older, old));

        // when this build reads it
        GroundTruthLabel read = codec(WireFormat.SINGLE_OBJECT).decode(framed);

        // then the missing field takes its default
        assertThat(read.getEventId()).isEqualTo("event-2");
        assertThat(read.getLabel()).isEqualTo("anger");
        assertThat(read.getSource()).isNull();
    }

    @Test
    void shouldNameAnIdTheRegistryDoesNotKnowAsAnUnknownSchema() {
        byte[] framed = ConfluentFraming.frame(4711, new byte[] {2, 'x'});

        assertThatThrownBy(() -> codec(WireFormat.SINGLE_OBJECT).decode(framed))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(MissingSchemaException.class)
                .hasMessageContaining("4711");
    }

    @Test
    void shouldRefuseAWriterSchemaOfAnotherRecordAsAnUnknownSchema() {
        // given an alert's schema registered and its id put in front of bytes on the labels topic
        int alertId = registry.register("emotion.bias-alerts-value", BiasAlert.getClassSchema());
        byte[] framed = ConfluentFraming.frame(alertId, new byte[] {2, 'x'});

        assertThatThrownBy(() -> codec(WireFormat.SINGLE_OBJECT).decode(framed))
                .hasCauseInstanceOf(MissingSchemaException.class)
                .hasMessageContaining("BiasAlert")
                .hasMessageContaining("GroundTruthLabel");
    }

    @Test
    void shouldNameFramedBytesAnUnknownSchemaWhenNoRegistryIsConfigured() {
        byte[] framed = codec(WireFormat.CONFLUENT).encode(label);

        assertThatThrownBy(() -> AvroCodec.singleObject(Topics.labelSerde(), GroundTruthLabel.getClassSchema())
                        .decode(framed))
                .hasCauseInstanceOf(MissingSchemaException.class)
                .hasMessageContaining("none is configured");
    }

    @Test
    void shouldLetARegistryOutageThroughAsNoFaultOfTheRecord() {
        byte[] framed = codec(WireFormat.CONFLUENT).encode(label);
        registry.down = true;

        assertThatThrownBy(() -> codec(WireFormat.SINGLE_OBJECT).decode(framed))
                .isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void shouldAskTheRegistryOncePerWriterSchema() {
        AvroCodec<GroundTruthLabel> codec = codec(WireFormat.CONFLUENT);
        byte[] framed = codec.encode(label);

        for (int i = 0; i < 100; i++) {
            codec.decode(framed);
        }

        assertThat(registry.lookups).isEqualTo(1);
    }

    @Test
    void shouldRefuseABodyCutShortOrALengthPastTheLimits() {
        AvroCodec<GroundTruthLabel> codec = codec(WireFormat.CONFLUENT);
        byte[] framed = codec.encode(label);
        byte[] cut = java.util.Arrays.copyOf(framed, framed.length - 6);
        // eventId's length prefix claims 1 GiB (zig-zag varint of 2^30)
        byte[] huge = ConfluentFraming.frame(
                ConfluentFraming.schemaId(framed),
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08});

        assertThatThrownBy(() -> codec.decode(cut))
                .isInstanceOf(SerializationException.class)
                .satisfies(e -> assertThat(e.getCause()).isNotInstanceOf(MissingSchemaException.class));
        assertThatThrownBy(() -> codec.decode(huge))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SystemLimitException.class);
    }

    @Test
    void shouldRefuseToWriteTheConfluentFormatWithoutARegistry() {
        assertThatThrownBy(() -> new AvroCodec<>(
                        Topics.labelSerde(),
                        GroundTruthLabel.getClassSchema(),
                        WireFormat.CONFLUENT,
                        Optional.empty(),
                        SUBJECT))
                .hasMessageContaining("needs a schema registry");
    }

    private AvroCodec<GroundTruthLabel> codec(WireFormat format) {
        return new AvroCodec<>(
                Topics.labelSerde(), GroundTruthLabel.getClassSchema(), format, Optional.of(registry), SUBJECT);
    }

    private static Schema withoutField(Schema schema, String field) {
        Schema copy = Schema.createRecord(
                schema.getName(),
                schema.getDoc(),
                schema.getNamespace(),
                false,
                schema.getFields().stream()
                        .filter(f -> !f.name().equals(field))
                        .map(f -> new Schema.Field(f, f.schema()))
                        .toList());
        return copy;
    }

    private static byte[] body(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
