package io.emotionstream.fairness.state;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes the monitor's persisted state into a growing byte buffer, big-endian like {@code DataOutput}. Not a
 * {@code DataOutputStream}: a scope's state is written once per label (the caching store serializes each update),
 * and measured, the stream's per-call copying and locking took most of the codec's time (docs/benchmarks.md,
 * "What a label costs the monitor").
 */
public final class StateWriter {
    private ByteBuffer buffer = ByteBuffer.allocate(512);

    public void writeByte(int value) {
        ensure(1).put((byte) value);
    }

    public void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    public void writeInt(int value) {
        ensure(4).putInt(value);
    }

    public void writeLong(long value) {
        ensure(8).putLong(value);
    }

    public void writeDouble(double value) {
        ensure(8).putDouble(value);
    }

    void write(byte[] bytes) {
        ensure(bytes.length).put(bytes);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private ByteBuffer ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
            larger.put(buffer.array(), 0, buffer.position());
            buffer = larger;
        }
        return buffer;
    }
}
