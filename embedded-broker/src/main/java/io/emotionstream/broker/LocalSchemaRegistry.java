package io.emotionstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A schema registry on this machine, for the demo and the tests: Apicurio Registry from its Maven Central distribution
 * ({@code io.apicurio:apicurio-registry-app:tar.gz:all}, unpacked by the build or the launcher), started as a separate
 * JVM bound to 127.0.0.1 on a free port. Its storage is in memory, or an H2 database in a directory that outlives it,
 * so a restarted demo finds the schema ids its topics' records carry.
 */
public final class LocalSchemaRegistry implements AutoCloseable {
    /** Where callers find the unpacked distribution: the launcher and the build set it. */
    public static final String HOME_PROPERTY = "emotionstream.apicurio.home";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String LOOPBACK = LoopbackPorts.LOOPBACK;

    private final Process process;
    private final int port;
    private final Path log;

    private LocalSchemaRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the registry in {@code home} (the unpacked distribution) and returns once it answers.
     *
     * @param dataDir where to keep the schemas (H2 files); empty: in memory, gone with the process
     * @param log     the registry's own output
     */
    public static LocalSchemaRegistry start(Path home, Optional<Path> dataDir, Path log) {
        Path runner = runnerJar(home);
        int port = LoopbackPorts.free();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1", // C1 only: it starts in ~7 s instead of ~20 on two cores
                "-Dquarkus.http.host=" + LOOPBACK,
                "-Dquarkus.http.port=" + port));
        dataDir.ifPresent(dir -> command.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:"
                + dir.toAbsolutePath().resolve("registry")));
        command.addAll(List.of("-jar", runner.toString()));
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry from " + runner, e);
        }
        LocalSchemaRegistry registry = new LocalSchemaRegistry(process, port, log);
        registry.awaitAnswer();
        return registry;
    }

    /** The Confluent-compatible REST API (what the app, the tools and Confluent clients speak). */
    public URI ccompatUrl() {
        return URI.create("http://" + LOOPBACK + ":" + port + "/apis/ccompat/v7");
    }

    /** Apicurio's own REST API (for Apicurio's serdes). */
    public URI apicurioUrl() {
        return URI.create("http://" + LOOPBACK + ":" + port + "/apis/registry/v2");
    }

    public Path log() {
        return log;
    }

    private void awaitAnswer() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "Apicurio Registry exited with " + process.exitValue() + " (log " + log + ")");
                }
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException starting) {
                    // not listening yet
                }
                Thread.sleep(250); // a child process has no readiness event to wait on: poll its port
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException(
                "Apicurio Registry did not answer within " + START_TIMEOUT + " (log " + log + ")");
    }

    private static Path runnerJar(Path home) {
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("no Apicurio Registry distribution in " + home);
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
