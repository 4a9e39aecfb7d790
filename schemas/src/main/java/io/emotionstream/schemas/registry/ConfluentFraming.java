package io.emotionstream.schemas.registry;

import java.nio.ByteBuffer;

/**
 * The framing of the Confluent wire format, which most Kafka shops' Avro clients write: a magic byte {@code 0}, the
 * writer schema's registry id (4 bytes, big-endian), then the Avro binary body. A reader asks the registry for the
 * schema with that id.
 */
public final class ConfluentFraming {
    public static final byte MAGIC = 0;
    /** Magic byte and schema id, before the body. */
    public static final int HEADER_BYTES = 5;

    private ConfluentFraming() {}

    /**
     * True for bytes that claim the Confluent framing. Among image formats only WBMP also starts with 0: a raw WBMP
     * image on a topic read with a registry is taken for a framed record (and dead-lettered as an unknown schema).
     */
    public static boolean isFramed(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_BYTES && bytes[0] == MAGIC;
    }

    /** The schema id of framed bytes ({@link #isFramed} first). */
    public static int schemaId(byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    /** What goes before the body: the magic byte and the schema id. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(schemaId).array();
    }

    public static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(HEADER_BYTES + body.length)
                .put(header(schemaId))
                .put(body)
                .array();
    }
}
