package io.emotionstream.streamapp;

import io.emotionstream.logging.LogSettings;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.telemetry.StatusLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotion-stream serve}: runs the stream app until it stops. Exit 1 when a client stopped on an error, 2 for
 * a bad argument or setting (one line on stderr); stopped by a signal, the JVM's own status (143 for SIGTERM, 130 for
 * Ctrl-C), or {@link #EXIT_STOP_INCOMPLETE} when the stop ran out of {@code shutdown.timeout} ({@link StopOnSignal}).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Classify face-image events from Kafka and monitor accuracy per group (settings: README, "
                + "'Stream app configuration'; with no bootstrap.servers, an embedded broker on 127.0.0.1).")
public final class ServeCommand implements Callable<Integer> {
    /** The stop did not finish within {@code shutdown.timeout}: the process exited anyway (stderr names what). */
    public static final int EXIT_STOP_INCOMPLETE = 3;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file (below EMOTION_STREAM_* variables)")
    Path config;

    private final LocalBroker.Starter localBroker;

    private ServeCommand(LocalBroker.Starter localBroker) {
        this.localBroker = localBroker;
    }

    /** Runs {@code serve}; with no cluster configured, on a broker from {@code localBroker}. */
    public static int run(String[] args, LocalBroker.Starter localBroker) {
        CommandLine cli = new CommandLine(new ServeCommand(localBroker));
        cli.setParameterExceptionHandler((e, ignored) -> {
            System.err.println("emotion-stream serve: error: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        StreamAppConfig settings;
        StreamApp app;
        try {
            // Logging fell back to its defaults on a value it did not understand; serve refuses it like any bad
            // setting.
            LogSettings.ofThisProcess();
        } catch (IllegalArgumentException e) {
            System.err.println("emotion-stream serve: error: " + e.getMessage());
            return 2;
        }
        try {
            settings = StreamAppConfig.load(Optional.ofNullable(config), System.getenv());
            app = StreamApp.start(settings, localBroker);
        } catch (ConfigException e) {
            System.err.println("emotion-stream serve: error: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime()
                .addShutdownHook(new StopOnSignal(app, settings.lifecycle().shutdownTimeout()).thread());
        try (StatusLine status = app.statusLine(Duration.ofSeconds(5))) {
            System.err.printf(
                    "emotion-stream serve: kafka %s%s, metrics http://%s:%d/metrics, %d stream thread(s), %s%n",
                    app.bootstrapServers(),
                    app.embedded() ? " (embedded)" : "",
                    settings.metricsHost(),
                    app.metricsPort(),
                    settings.streamThreads(),
                    NativeRuntime.describe());
            return app.awaitStop() ? 1 : 0;
        }
    }
}
