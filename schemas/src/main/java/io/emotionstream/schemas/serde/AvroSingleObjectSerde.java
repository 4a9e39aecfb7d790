package io.emotionstream.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (2-byte marker C3 01, 8-byte schema fingerprint, binary body): every message says
 * which schema wrote it, so readers resolve older and newer versions without a schema registry.
 */
public final class AvroSingleObjectSerde<T extends SpecificRecordBase> implements Serde<T> {
    /** The two bytes every single-object-encoded message starts with. */
    public static final byte[] MARKER = {(byte) 0xC3, 0x01};

    static {
        AvroLimits.install(); // every decode of every topic goes through this class
    }

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSingleObjectSerde(BinaryMessageEncoder<T> encoder, BinaryMessageDecoder<T> decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** True for anything that claims to be single-object encoded (no image format starts with C3 01). */
    public static boolean hasMarker(byte[] bytes) {
        return bytes != null && bytes.length >= 2 && bytes[0] == MARKER[0] && bytes[1] == MARKER[1];
    }

    public byte[] encode(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes or throws {@link SerializationException} naming why (bad marker, unknown fingerprint, bad body); a
     * length over {@link AvroLimits} fails with a {@link org.apache.avro.SystemLimitException} cause.
     */
    public T decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}
