package io.emotionstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real schema registry for a test class: Apicurio Registry (in-memory storage) from its Maven Central distribution,
 * started as a separate JVM on 127.0.0.1 and a free port, stopped after the class. The build unpacks the distribution
 * ({@code io.apicurio:apicurio-registry-app:tar.gz:all}, the {@code unpack-apicurio-registry} execution of the
 * dependency plugin) and names its directory in {@code -Demotionstream.it.apicurio.home}.
 *
 * <pre>{@code @RegisterExtension static final SchemaRegistryServer registry = new SchemaRegistryServer();}</pre>
 */
public final class SchemaRegistryServer implements BeforeAllCallback, AfterAllCallback {
    public static final String HOME_PROPERTY = "emotionstream.it.apicurio.home";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private Process process;
    private int port;
    private Path log;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path runner = runnerJar();
        port = freePort();
        log = Files.createTempFile("apicurio-registry-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", runner.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady();
        System.err.println("[SchemaRegistryServer] " + context.getDisplayName() + ": Apicurio Registry at "
                + ccompatUrl() + " (log " + log + ")");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    /** The Confluent-compatible API (what {@code RestSchemaRegistry} and Confluent clients speak). */
    public URI ccompatUrl() {
        return URI.create(root() + "/apis/ccompat/v7");
    }

    /** Apicurio's own API, for Apicurio's serdes ({@code apicurio.registry.url}). */
    public URI apicurioUrl() {
        return URI.create(root() + "/apis/registry/v2");
    }

    private String root() {
        if (process == null) {
            throw new IllegalStateException("SchemaRegistryServer is used before the test class started it: "
                    + "register it as a static @RegisterExtension field");
        }
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7/subjects"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            Awaitility.await("Apicurio Registry answering").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue()
                                    + ": " + tail());
                        }
                        return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Apicurio Registry did not answer within " + START_TIMEOUT + ": " + tail(), e);
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static Path runnerJar() throws IOException {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException("no Apicurio Registry distribution: -D" + HOME_PROPERTY + " must name the "
                    + "directory the build unpacked it to (the module's pom needs the unpack-apicurio-registry execution)");
        }
        try (Stream<Path> files = Files.list(Path.of(home))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
