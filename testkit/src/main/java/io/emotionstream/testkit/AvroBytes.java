package io.emotionstream.testkit;

import java.io.ByteArrayOutputStream;

/** Hand-made Avro binary, for hostile-input tests (the platform's decoder tests and the stream app's poison corpus). */
public final class AvroBytes {
    private AvroBytes() {}

    /** Avro's int and long encoding: zig-zag, then base-128 varint (any length prefix a producer could write). */
    public static byte[] zigZag(long value) {
        long n = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }
}
