package io.emotionstream.demo;

import io.emotionstream.broker.LocalSchemaRegistry;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.Setting;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamAppConfigBuilder;
import io.emotionstream.tools.Tools;
import io.emotionstream.trainer.cli.ConsoleProgress;
import io.emotionstream.trainer.cli.RecommendedCommand;
import io.emotionstream.trainer.cli.TrainerCli;
import io.emotionstream.trainer.experiment.RegisteredModel;
import io.emotionstream.trainer.release.ReleasePublisher;
import io.emotionstream.trainer.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotion-stream demo}: the whole system on one machine. Starts the embedded broker and the stream app
 * (classifier and bias monitor), trains a model on one synthetic population (or, with {@code --data DIR}, builds the
 * recommended model from real faces) unless the registry already has it, releases it signed as champion, streams a labelled mix of both populations
 * (labels arriving a few seconds later), and redraws a live view until Ctrl-C (or {@code --seconds N}).
 */
@Command(
        name = "emotion-stream demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "The whole system on this machine, with a live view of per-group accuracy; Ctrl-C stops it.")
public final class Demo implements Callable<Integer> {
    static final String LIBRARY_LOG = "demo.log";
    /** {@code --schema-registry} without a URL: start Apicurio Registry on this machine. */
    static final String LOCAL_REGISTRY = "local";

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "A folder holding CK+48/ and JAFFE/ (../shared/datasets): "
                    + "serve the recommended model (trainer recommended; the seed CNN trained on CK+ when ../pretrained is "
                    + "absent) and stream both (default: the synthetic populations).")
    Path data;

    @Option(
            names = "--rate",
            defaultValue = "40",
            converter = Positive.class,
            description = "Images per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this long (default: until Ctrl-C).")
    int seconds;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Model registry directory (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(
            names = "--keys",
            defaultValue = "keys",
            description = "Release signing keys; made when missing (default: ${DEFAULT-VALUE}).")
    Path keys;

    @Option(
            names = "--metrics-port",
            defaultValue = "0",
            description = "Port of the app's /metrics (default: any free port).")
    int metricsPort;

    @Option(
            names = "--state",
            defaultValue = "demo-state",
            description =
                    "The broker's data, the app's state and the "
                            + "library log; a rerun on the same directory carries on where the last run stopped (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(
            names = "--schema-registry",
            arity = "0..1",
            fallbackValue = LOCAL_REGISTRY,
            paramLabel = "URL",
            description =
                    "Write Avro in the Confluent wire format with a schema registry: this URL (its Confluent REST "
                            + "API), or with no URL Apicurio Registry started here, its schemas kept in the state directory.")
    String schemaRegistry;

    /** Settings from the command line. */
    record Options(
            Optional<Path> data,
            int rate,
            int seconds,
            Path registry,
            Path keys,
            int metricsPort,
            Path state,
            Optional<String> schemaRegistry,
            PrintStream out) {
        /** @throws IllegalArgumentException with one line when an argument is bad */
        static Options parse(String[] args, PrintStream out) {
            Demo command = new Demo();
            try {
                new CommandLine(command).parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return command.options(out);
        }
    }

    /** A whole number above zero. */
    static final class Positive implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int v = Integer.parseInt(value);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // one-line error below
            }
            throw new CommandLine.TypeConversionException("takes a positive whole number, not '" + value + "'");
        }
    }

    Options options(PrintStream out) {
        if (seconds < 0 || metricsPort < 0) {
            throw new IllegalArgumentException("--seconds and --metrics-port cannot be negative");
        }
        if (data != null && !(Files.isDirectory(data.resolve("CK+48")) && Files.isDirectory(data.resolve("JAFFE")))) {
            throw new IllegalArgumentException("--data " + data + " must hold CK+48/ and JAFFE/");
        }
        return new Options(
                Optional.ofNullable(data),
                rate,
                seconds,
                registry,
                keys,
                metricsPort,
                state,
                Optional.ofNullable(schemaRegistry),
                out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Demo());
        cli.setParameterExceptionHandler((e, ignored) -> {
            System.err.println("emotion-stream demo: error: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        try {
            Options options = options(System.out);
            createDirectories(options.state());
            // before anything logs: the libraries' lines go to a file, the terminal keeps the live view
            LibraryLog log = LibraryLog.redirectTo(options.state().resolve(LIBRARY_LOG));
            return run(options, log);
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("emotion-stream demo: error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** As {@link #run(Options, LibraryLog)}, counting the warnings and errors libraries write to the state's log file. */
    static int run(Options options) throws InterruptedException {
        createDirectories(options.state());
        return run(options, LibraryLog.watching(options.state().resolve(LIBRARY_LOG)));
    }

    /**
     * Runs the demo until {@code seconds} pass (0: until the JVM is interrupted) and returns an exit code. Everything
     * it keeps is under the state directory, the registry and the keys: a rerun carries on (topics, offsets, the
     * monitor's windows and verdicts) with new events.
     */
    static int run(Options options, LibraryLog log) throws InterruptedException {
        NativeRuntime.init();
        String model = options.data().map(Demo::realFacesModel).orElse("demo-synthetic-a");
        ensureKeys(options);
        ensureModel(options, model);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: ask the main loop to stop and wait for it to close the app, the broker and the registry cleanly
        // (a registry started here is a child process, which the JVM's exit would leave running).
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        closed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Optional<LocalSchemaRegistry> localRegistry = Optional.empty();
        try {
            localRegistry =
                    options.schemaRegistry().filter(LOCAL_REGISTRY::equals).map(local -> startLocalRegistry(options));
            Optional<String> registryUrl =
                    localRegistry.map(r -> r.ccompatUrl().toString()).or(() -> options.schemaRegistry());
            return run(
                    options,
                    log,
                    model,
                    appConfig(options, model, options.state().toAbsolutePath(), registryUrl),
                    stop);
        } finally {
            localRegistry.ifPresent(LocalSchemaRegistry::close);
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and now returns
            }
        }
    }

    private static int run(Options options, LibraryLog log, String model, StreamAppConfig config, CountDownLatch stop)
            throws InterruptedException {
        try (StreamApp app = StreamApp.start(config, LocalServe.EMBEDDED)) {
            String bootstrap = app.bootstrapServers();
            options.out()
                    .printf(
                            "demo: Kafka at %s (embedded, data in %s), metrics at http://127.0.0.1:%d/metrics%n",
                            bootstrap, options.state(), app.metricsPort());
            options.out().printf("demo: library logs in %s%n", log.file());
            ReleasePublisher publisher = ReleasePublisher.withKeyFiles(
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    config.topics().models(),
                    options.keys().resolve("release-signing.key"));
            ModelBundle bundle = new ModelRegistry(options.registry()).resolve(model);
            publisher.publish(bundle);
            publisher.promote(model, ModelAlias.CHAMPION, Optional.of(bundle.version()), "demo");
            config.wire()
                    .registryUrl()
                    .ifPresent(url ->
                            options.out().printf("demo: schema registry at %s (Confluent wire " + "format)%n", url));
            Thread producer = new Thread(() -> produce(options, bootstrap, config), "demo-producer");
            producer.setDaemon(true);
            producer.start();
            try (LiveView view = new LiveView(
                    bootstrap, config.topics(), config.wire().codecs(config.topics()), model, log, options.out())) {
                long end = options.seconds() == 0
                        ? Long.MAX_VALUE
                        : System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
                while (System.nanoTime() < end && !stop.await(2, TimeUnit.SECONDS)) {
                    view.refresh(app.state().toString());
                }
                view.refresh(app.state().toString());
            } finally {
                // The producer first: it flushes what it sent while the broker is still up (stopped the other way
                // round it retried into a closing broker: NOT_LEADER_OR_FOLLOWER, then refused connections).
                producer.interrupt();
                boolean interrupted = Thread.interrupted(); // wait for the producer even when we are being stopped
                producer.join(TimeUnit.SECONDS.toMillis(15));
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            options.out()
                    .printf(
                            "demo: stopping; rerun to carry on from here (state in %s); libraries: %s%n",
                            options.state(), log.summary());
        }
        return 0;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void ensureKeys(Options options) {
        if (!Files.isReadable(options.keys().resolve("release-signing.key"))) {
            try {
                Files.createDirectories(options.keys());
                SigningKeys.write(
                        SigningKeys.generate(),
                        options.keys().resolve("release-signing.key"),
                        options.keys().resolve("release-signing.pub"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The recommended model where its pretrained network lies beside the datasets, else the seed CNN on CK+. */
    private static String realFacesModel(Path datasets) {
        return Files.isRegularFile(pretrained(datasets)) ? "demo-recommended" : "demo-ckplus";
    }

    private static Path pretrained(Path datasets) {
        return datasets.toAbsolutePath()
                .resolve("..")
                .resolve(RecommendedCommand.PRETRAINED)
                .normalize();
    }

    /** Reuses the registry's model, or builds it (about 30 s on synthetic faces, 30 s for the recommended one). */
    private static void ensureModel(Options options, String model) {
        if (new ModelRegistry(options.registry()).latestVersion(model).isPresent()) {
            options.out().println("demo: reusing " + model + " from " + options.registry());
            return;
        }
        ModelRegistry registry = new ModelRegistry(options.registry());
        TrainingConfig config =
                TrainingConfig.DEFAULT.withMaxEpochs(25); // synthetic faces: validation accuracy 1.0 by epoch 25
        ConsoleProgress progress = new ConsoleProgress(System.err, "[" + model + "]");
        if (options.data().isPresent() && model.equals("demo-recommended")) {
            // The model the README recommends, trained on JAFFE and CK+ training people: the live view shows the
            // gap that remains on a model worth deploying (it has seen some of the streamed faces: optimistic)
            Path datasets = options.data().get();
            options.out()
                    .println("demo: building the recommended model from " + datasets + " and " + pretrained(datasets)
                            + " (once; later runs reuse it)");
            int exit = TrainerCli.execute(
                    "recommended",
                    "--data",
                    datasets.toString(),
                    "--pretrained",
                    pretrained(datasets).toString(),
                    "--registry",
                    options.registry().toString(),
                    "--name",
                    model);
            if (exit != 0) {
                throw new IllegalStateException("building the recommended model failed (exit " + exit + ")");
            }
        } else if (options.data().isPresent()) {
            // Real faces without the pretrained network: the recipe that transfers best (located faces,
            // augmentation), so the live gap is the one that remains after it, not the seed's.
            String data = options.data().get().resolve("CK+48").toString();
            options.out()
                    .println("demo: no " + pretrained(options.data().get()) + "; training " + model + " on " + data
                            + " with the transferable recipe (once; later runs reuse it)");
            RegisteredModel.trainTransferable(data, model, registry, config.withMaxEpochs(200), progress);
        } else {
            options.out().println("demo: training " + model + " on synthetic:a (once; later runs reuse it)");
            RegisteredModel.train("synthetic:a", model, registry, config, progress);
        }
    }

    /**
     * Both populations, new identities, labels sent 3 s after their images; cycles until interrupted. Event ids start
     * with the run's start time: a rerun's events are new events, not repeats of the last run's.
     */
    private static void produce(Options options, String bootstrap, StreamAppConfig config) {
        Topics topics = config.topics();
        String[] data = options.data()
                .map(d -> new String[] {
                    "--data",
                    d.resolve("JAFFE").toString(),
                    "--data",
                    d.resolve("CK+48").toString()
                })
                .orElse(new String[] {"--data", "synthetic:a:10:1", "--data", "synthetic:b:10:1", "--seed", "7"});
        String[] registry = config.wire()
                .registryUrl()
                .map(url -> new String[] {"--schema-registry", url.toString()})
                .orElse(new String[0]);
        Tools.execute(concat(
                concat(
                        new String[] {
                            "produce",
                            "--bootstrap-servers",
                            bootstrap,
                            "--topic",
                            topics.images(),
                            "--rate",
                            Integer.toString(options.rate()),
                            "--limit",
                            "100000000",
                            "--labels-topic",
                            topics.labels(),
                            "--label-delay",
                            "3s",
                            "--quiet",
                            "--id-prefix",
                            "run-" + System.currentTimeMillis() + "/"
                        },
                        data),
                registry));
    }

    /** Apicurio Registry on this machine, its schemas under the state directory so a rerun finds their ids. */
    private static LocalSchemaRegistry startLocalRegistry(Options options) {
        String home = System.getProperty(LocalSchemaRegistry.HOME_PROPERTY);
        if (home == null) {
            throw new IllegalStateException("--schema-registry without a URL needs Apicurio Registry unpacked (-D"
                    + LocalSchemaRegistry.HOME_PROPERTY + "=DIR; ./emotion-stream demo does it)");
        }
        options.out().println("demo: starting Apicurio Registry (about 10 s)");
        return LocalSchemaRegistry.start(
                Path.of(home),
                Optional.of(options.state().resolve("schema-registry")),
                options.state().resolve("schema-registry.log"));
    }

    private static StreamAppConfig appConfig(Options options, String model, Path state, Optional<String> registryUrl) {
        StreamAppConfigBuilder builder = StreamAppConfig.builder();
        registryUrl.ifPresent(builder::schemaRegistry);
        return builder.embeddedPort(0)
                .metricsPort(options.metricsPort())
                .applicationId("emotion-stream-demo")
                .stateDir(state)
                .modelsFromTopic(model, List.of(options.keys().resolve("release-signing.pub")), "alias:champion")
                .monitorAttributes(List.of("population", "dataset", "ethnicity"))
                .monitorWindows("tumbling:1m,hopping:5m/1m")
                .set(Setting.MONITOR_LABEL_HORIZON, "1h")
                .build();
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
