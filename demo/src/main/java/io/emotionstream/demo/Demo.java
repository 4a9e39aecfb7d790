package io.emotionstream.demo;

import io.emotionstream.tools.Tools;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.trainer.cli.TrainerCli;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./emotion-stream demo}: the whole system on one machine. Starts the embedded broker and the stream app
 * (classifier and bias monitor), trains a model on one synthetic population (or on CK+ with {@code --data DIR})
 * unless the registry already has it, releases it signed as champion, streams a labelled mix of both populations
 * (labels arriving a few seconds later), and redraws a live view until Ctrl-C (or {@code --seconds N}).
 */
public final class Demo {
    /** Settings from the command line. */
    record Options(Optional<Path> data, int rate, int seconds, Path registry, Path keys, int metricsPort, PrintStream out) {
        static Options parse(String[] args, PrintStream out) {
            Optional<Path> data = Optional.empty();
            int rate = 40;
            int seconds = 0;
            Path registry = Path.of("models");
            Path keys = Path.of("keys");
            int metricsPort = 0;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--data" -> data = Optional.of(Path.of(require(args[i], value)));
                    case "--rate" -> rate = positive(args[i], require(args[i], value));
                    case "--seconds" -> seconds = positive(args[i], require(args[i], value));
                    case "--registry" -> registry = Path.of(require(args[i], value));
                    case "--keys" -> keys = Path.of(require(args[i], value));
                    case "--metrics-port" -> metricsPort = positive(args[i], require(args[i], value));
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "' (usage: demo [--data DIR] [--rate N] [--seconds N] [--registry DIR] [--keys DIR] [--metrics-port N])");
                }
                i++;
            }
            if (data.isPresent() && !(Files.isDirectory(data.get().resolve("CK+48")) && Files.isDirectory(data.get().resolve("JAFFE")))) {
                throw new IllegalArgumentException("--data " + data.get() + " must hold CK+48/ and JAFFE/");
            }
            return new Options(data, rate, seconds, registry, keys, metricsPort, out);
        }

        private static String require(String flag, String value) {
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return value;
        }

        private static int positive(String flag, String value) {
            try {
                int v = Integer.parseInt(value);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // one-line error below
            }
            throw new IllegalArgumentException(flag + " takes a positive whole number, not '" + value + "'");
        }
    }

    private Demo() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("emotion-stream demo: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(options));
        } catch (ConfigException | IllegalStateException e) {
            System.err.println("emotion-stream demo: error: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    /** Runs the demo until {@code seconds} pass (0: until the JVM is interrupted) and returns an exit code. */
    static int run(Options options) throws InterruptedException {
        NativeRuntime.init();
        String model = options.data().isPresent() ? "demo-ckplus" : "demo-synthetic-a";
        ensureKeys(options);
        ensureModel(options, model);
        Path state;
        try {
            state = Files.createTempDirectory("emotion-stream-demo-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a state directory: " + e.getMessage(), e);
        }
        StreamAppConfig config = StreamAppConfig.load(Optional.empty(), appEnvironment(options, model, state));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: ask the main loop to stop and wait for it to close the app and the broker cleanly.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (StreamApp app = StreamApp.start(config)) {
            String bootstrap = app.bootstrapServers();
            options.out().printf("demo: Kafka at %s (embedded), metrics at http://127.0.0.1:%d/metrics%n", bootstrap, app.metricsPort());
            String[] release = {"--bootstrap-servers", bootstrap, "--models-topic", config.topics().models(),
                    "--signing-key", options.keys().resolve("release-signing.key").toString()};
            check(TrainerCli.execute(concat(new String[] {"publish", model, "--registry", options.registry().toString(),
                    "--alias", "champion"}, release)), "publish " + model);
            Thread producer = new Thread(() -> produce(options, bootstrap, config.topics()), "demo-producer");
            producer.setDaemon(true);
            producer.start();
            try (LiveView view = new LiveView(bootstrap, config.topics(), model, options.out())) {
                long end = options.seconds() == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
                while (System.nanoTime() < end && !stop.await(2, TimeUnit.SECONDS)) {
                    view.refresh(app.state().toString());
                }
                view.refresh(app.state().toString());
            }
            options.out().println("demo: stopping (the broker, the app and the producer end with this process)");
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and now returns
            }
        }
        return 0;
    }

    private static void ensureKeys(Options options) {
        if (!Files.isReadable(options.keys().resolve("release-signing.key"))) {
            check(TrainerCli.execute("keygen", "--out", options.keys().toString()), "keygen");
        }
    }

    /** Reuses the registry's model, or trains it (about 30 s on synthetic faces). */
    private static void ensureModel(Options options, String model) {
        if (new ModelRegistry(options.registry()).latestVersion(model).isPresent()) {
            options.out().println("demo: reusing " + model + " from " + options.registry());
            return;
        }
        String data = options.data().map(d -> d.resolve("CK+48").toString()).orElse("synthetic:a");
        options.out().println("demo: training " + model + " on " + data + " (once; later runs reuse it)");
        check(TrainerCli.execute("train", "--data", data, "--registry", options.registry().toString(), "--name", model,
                "--epochs", "40"), "train");
    }

    /** Both populations, new identities, labels sent 3 s after their images; cycles until the process ends. */
    private static void produce(Options options, String bootstrap, Topics topics) {
        String[] data = options.data()
                .map(d -> new String[] {"--data", d.resolve("JAFFE").toString(), "--data", d.resolve("CK+48").toString()})
                .orElse(new String[] {"--data", "synthetic:a:10:1", "--data", "synthetic:b:10:1", "--seed", "7"});
        Tools.execute(concat(new String[] {"produce", "--bootstrap-servers", bootstrap, "--topic", topics.images(),
                "--rate", Integer.toString(options.rate()), "--limit", "100000000", "--labels-topic", topics.labels(),
                "--label-delay", "3s", "--quiet"}, data));
    }

    private static Map<String, String> appEnvironment(Options options, String model, Path state) {
        Map<String, String> env = new HashMap<>();
        env.put("EMOTION_STREAM_EMBEDDED_PORT", "0");
        env.put("EMOTION_STREAM_METRICS_PORT", Integer.toString(options.metricsPort()));
        env.put("EMOTION_STREAM_APPLICATION_ID", "emotion-stream-demo");
        env.put("EMOTION_STREAM_STATE_DIR", state.toString());
        env.put("EMOTION_STREAM_MODEL_SOURCE", "topic");
        env.put("EMOTION_STREAM_MODEL", model);
        env.put("EMOTION_STREAM_MODEL_SELECTOR", "alias:champion");
        env.put("EMOTION_STREAM_MODEL_TRUSTED_KEYS", options.keys().resolve("release-signing.pub").toString());
        env.put("EMOTION_STREAM_MONITOR_ATTRIBUTES", "population,dataset,ethnicity");
        env.put("EMOTION_STREAM_MONITOR_WINDOWS", "tumbling:1m,hopping:5m/1m");
        env.put("EMOTION_STREAM_MONITOR_ALERT_WINDOW", "hopping");
        env.put("EMOTION_STREAM_MONITOR_LABEL_HORIZON", "1h");
        return env;
    }

    private static void check(int exitCode, String what) {
        if (exitCode != 0) {
            throw new IllegalStateException(what + " failed (exit " + exitCode + ")");
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
