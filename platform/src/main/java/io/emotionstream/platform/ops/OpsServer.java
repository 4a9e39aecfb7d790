package io.emotionstream.platform.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operations endpoints on the JDK's HTTP server: {@code /metrics} (Prometheus text), {@code /health} (the
 * process and its Kafka Streams client are alive) and {@code /ready} (running with a model loaded: safe to send
 * traffic). 200 or 503, with a one-word body.
 */
public final class OpsServer implements AutoCloseable {
    private final HttpServer server;

    public OpsServer(String host, int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics server to " + host + ":" + port, e);
        }
        server.createContext(
                "/metrics",
                exchange -> respond(exchange, 200, metrics.get(), "text/plain; version=0.0.4; charset=utf-8"));
        server.createContext("/health", exchange -> status(exchange, healthy.getAsBoolean(), "healthy", "unhealthy"));
        server.createContext("/ready", exchange -> status(exchange, ready.getAsBoolean(), "ready", "not ready"));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void status(HttpExchange exchange, boolean ok, String yes, String no) throws IOException {
        respond(exchange, ok ? 200 : 503, (ok ? yes : no) + "\n", "text/plain; charset=utf-8");
    }

    private static void respond(HttpExchange exchange, int code, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
