package io.emotionstream.fairness.state;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** Reads what {@link StateWriter} wrote (and the version-0 layouts, written with {@code DataOutputStream}). */
public final class StateReader {
    private final ByteBuffer in;

    public StateReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes);
    }

    public byte readByte() {
        return in.get();
    }

    public int readUnsignedByte() {
        return in.get() & 0xFF;
    }

    public boolean readBoolean() {
        return in.get() != 0;
    }

    public int readInt() {
        return in.getInt();
    }

    public long readLong() {
        return in.getLong();
    }

    public double readDouble() {
        return in.getDouble();
    }

    void readFully(byte[] into) {
        in.get(into);
    }

    /** A string written by {@code DataOutput.writeUTF} (modified UTF-8 behind a two-byte length): version-0 state only. */
    public String readLegacyUtf() {
        int length = Short.toUnsignedInt(in.getShort());
        byte[] framed = new byte[2 + length];
        framed[0] = (byte) (length >>> 8);
        framed[1] = (byte) length;
        in.get(framed, 2, length);
        try {
            return new DataInputStream(new ByteArrayInputStream(framed)).readUTF();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
