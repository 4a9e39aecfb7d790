package io.emotionstream.streamapp.monitor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Strings in the monitor's persisted state: length (4 bytes) and UTF-8, any length; nullable ones behind a flag. */
final class StateText {
    private StateText() {
    }

    static void write(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String read(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            write(out, text);
        }
    }

    static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? read(in) : null;
    }
}
