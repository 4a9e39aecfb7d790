package io.emotionstream.schemas.registry;

import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic's Avro values in both wire formats: reads single-object encoded and registry-framed records alike (told
 * apart by their first byte, per record), and writes the format it was built for. A framed record is read with the
 * writer schema its id names in the registry, resolved to this build's schema, so older producers keep working.
 *
 * <p>Failures a record's bytes cause are {@link SerializationException}s, as from {@link AvroSingleObjectSerde}: an id
 * the registry does not know, or a writer schema this build cannot read, has a {@link MissingSchemaException} cause
 * (the {@code unknown_schema} dead letter); a registry that cannot answer is a {@link SchemaRegistryException}, which
 * is no fault of the record.
 */
public final class AvroCodec<T extends SpecificRecordBase> {
    static final int MAX_CACHED_WRITERS = 1_000;

    private final AvroSingleObjectSerde<T> singleObject;
    private final Schema schema;
    private final SpecificData model;
    private final WireFormat writeFormat;
    private final Optional<SchemaRegistry> registry;
    private final String subject;
    /** Made once: a datum writer holds no state per record, so stream threads share it (as Avro's own serdes do). */
    private final SpecificDatumWriter<T> writer;

    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private volatile int ownId = -1;

    /**
     * @param singleObject the topic's single-object serde (it also installs Avro's decode limits)
     * @param schema       this build's schema of the record
     * @param registry     the schema registry, if one is configured; {@code writeFormat} CONFLUENT needs it
     * @param subject      where the schema is registered, e.g. {@link SchemaRegistry#valueSubject}
     */
    public AvroCodec(
            AvroSingleObjectSerde<T> singleObject,
            Schema schema,
            WireFormat writeFormat,
            Optional<SchemaRegistry> registry,
            String subject) {
        if (writeFormat == WireFormat.CONFLUENT && registry.isEmpty()) {
            throw new IllegalArgumentException(
                    "writing the Confluent wire format to " + subject + " needs a schema registry");
        }
        this.singleObject = singleObject;
        this.schema = schema;
        this.model = SpecificData.getForSchema(schema);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.writeFormat = writeFormat;
        this.registry = registry;
        this.subject = subject;
    }

    /** A codec that reads and writes single-object encoding only (no registry). */
    public static <T extends SpecificRecordBase> AvroCodec<T> singleObject(
            AvroSingleObjectSerde<T> serde, Schema schema) {
        return new AvroCodec<>(serde, schema, WireFormat.SINGLE_OBJECT, Optional.empty(), "");
    }

    /** This build's schema of the record, the one written and registered. */
    public Schema schema() {
        return schema;
    }

    public String subject() {
        return subject;
    }

    /** True for bytes either format claims: a reader of mixed input (e.g. raw images) sends only these here. */
    public boolean claims(byte[] bytes) {
        return AvroSingleObjectSerde.hasMarker(bytes) || ConfluentFraming.isFramed(bytes) && registry.isPresent();
    }

    public byte[] encode(T value) {
        if (writeFormat == WireFormat.SINGLE_OBJECT) {
            return singleObject.encode(value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            out.write(ConfluentFraming.header(registeredId()));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * With a registry: sets the subject's compatibility level, and when {@code register} registers this build's
     * schema under it (the registry refuses a schema that breaks the level). For start-up, so a refusal stops the app
     * before it writes. Without a registry: nothing.
     */
    public void provision(SchemaRegistry.Compatibility level, boolean register) {
        registry.ifPresent(r -> r.setCompatibility(subject, level));
        if (registry.isPresent() && register) {
            registeredId();
        }
    }

    /** Registers this build's schema under the subject once (at start-up, or on the first write). */
    private int registeredId() {
        int id = ownId;
        if (id < 0) {
            id = registry.orElseThrow().register(subject, schema);
            ownId = id;
        }
        return id;
    }

    /**
     * Decodes either format, or throws {@link SerializationException} naming why; {@link SchemaRegistryException} when
     * the registry is needed and cannot answer.
     */
    public T decode(byte[] bytes) {
        if (bytes != null && ConfluentFraming.isFramed(bytes)) {
            return decodeFramed(bytes);
        }
        return singleObject.decode(bytes);
    }

    /** This codec as a Kafka serde (null stays null: tombstones). */
    public Serde<T> serde() {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : encode(value),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    private T decodeFramed(byte[] bytes) {
        int id = ConfluentFraming.schemaId(bytes);
        DatumReader<T> reader = readerFor(id);
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(
                            bytes, ConfluentFraming.HEADER_BYTES, bytes.length - ConfluentFraming.HEADER_BYTES, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<T> readerFor(int id) {
        DatumReader<T> known = readersByWriterId.get(id);
        if (known != null) {
            return known;
        }
        if (registry.isEmpty()) {
            throw unknownSchema(
                    "the record is framed for a schema registry (schema id " + id + ") and none is configured");
        }
        Schema writer;
        try {
            writer = registry.get().schema(id);
        } catch (UnknownSchemaIdException e) {
            throw unknownSchema(e.getMessage());
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw unknownSchema("schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                    + schema.getFullName() + ": " + compatibility.getDescription());
        }
        DatumReader<T> reader = new SpecificDatumReader<>(writer, schema, model);
        if (readersByWriterId.size() < MAX_CACHED_WRITERS) {
            readersByWriterId.put(id, reader);
        }
        return reader;
    }

    private static SerializationException unknownSchema(String why) {
        return new SerializationException("MissingSchemaException: " + why, new MissingSchemaException(why));
    }
}
