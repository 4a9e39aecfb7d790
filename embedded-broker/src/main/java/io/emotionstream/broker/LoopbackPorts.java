package io.emotionstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1, for the local stand-ins (brokers, controllers, the schema registry): loopback only. */
public final class LoopbackPorts {
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackPorts() {}

    /** A port free now; another process may still take it before the caller binds it (rare, and then start-up fails). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }
}
