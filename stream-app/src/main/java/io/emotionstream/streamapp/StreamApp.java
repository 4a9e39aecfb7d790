package io.emotionstream.streamapp;

import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.model.preprocess.ImageLimits;
import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.release.ReleaseSignatures;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.model.runtime.OpsServer;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.streamapp.broker.EmbeddedKafka;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.classify.Dl4jClassifier;
import io.emotionstream.streamapp.classify.ModelLoader;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.ModelSettings;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamsProperties;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.errors.FailureBreaker;
import io.emotionstream.streamapp.errors.FailureMetrics;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.monitor.BiasMonitorTopology;
import io.emotionstream.streamapp.monitor.MonitorMetrics;
import io.emotionstream.streamapp.monitor.MonitorSettings;
import io.emotionstream.streamapp.provision.TopicLimits;
import io.emotionstream.streamapp.release.ModelFollower;
import io.emotionstream.streamapp.release.ReleaseCatalog;
import io.emotionstream.streamapp.topology.ClassificationTopology;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./emotion-stream serve}: the classifier service. Starts the embedded broker when no cluster is configured,
 * creates the topics, loads the model, runs the topology with exactly-once processing and serves /metrics,
 * /health and /ready. A bug that escapes the topology stops the client loudly and the process exits non-zero.
 */
public final class StreamApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamApp.class);

    private final StreamAppConfig config;
    private final EmbeddedKafka embedded;
    private final String bootstrapServers;
    private final ClassifierHolder classifiers = new ClassifierHolder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    /** The bias monitor: its own Kafka Streams client (application id + "-monitor"), when enabled. */
    private final KafkaStreams monitor;
    private final KafkaStreamsMetrics monitorMetrics;
    private final OpsServer ops;
    private final StreamMetrics metrics;
    /** Bounded group tag values, shared by the classifier's and the monitor's meters. */
    private final GroupTags groupTags;
    private ModelFollower follower;
    private final int deadLetterMaxBytes;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StreamApp(StreamAppConfig config) {
        this.config = config;
        // The embedded broker keeps its data beside the app's state, so a restarted serve has every topic (releases,
        // buffered events, offsets) it had: nothing is lost on restart.
        this.embedded = config.bootstrapServers().isEmpty()
                ? EmbeddedKafka.start(config.stateDir().resolve("embedded-kafka"), false, config.embeddedPort()) : null;
        this.bootstrapServers = config.bootstrapServers().orElseGet(() -> embedded.bootstrapServers());
        MonitorSettings groups = config.monitor().orElse(MonitorSettings.DEFAULT);
        this.groupTags = new GroupTags(groups.attributes(), groups.maxGroups());
        this.metrics = new StreamMetrics(registry, groupTags);
        createTopics();
        this.deadLetterMaxBytes = settleRecordLimits();
        if (config.model().source() == ModelSettings.Source.REGISTRY) {
            loadFromRegistry();
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        ErrorHandling classifierErrors = errorHandling("classifier");
        var topology = ClassificationTopology.build(config.topics(), classifiers, metrics, config.batching(),
                new ImagePreprocessors(ImageLimits.DEFAULT, config.noFace()), config.eventLimits(), classifierErrors,
                Clock.systemUTC());
        this.streams = client("classifier", topology, StreamsProperties.of(clientProperties(), config.applicationId(),
                config.streamThreads(), config, classifierErrors));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        this.streamsMetrics.bindTo(registry);
        ErrorHandling monitorErrors = errorHandling("monitor");
        this.monitor = config.monitor().map(settings -> client("monitor",
                BiasMonitorTopology.build(config.topics(), settings, config.eventLimits(),
                        new MonitorMetrics(registry, settings, groupTags), monitorErrors),
                StreamsProperties.of(clientProperties(), config.applicationId() + "-monitor", 1, config, monitorErrors)))
                .orElse(null);
        this.monitorMetrics = monitor == null ? null : new KafkaStreamsMetrics(monitor);
        if (monitorMetrics != null) {
            monitorMetrics.bindTo(registry);
        }
        this.ops = new OpsServer(config.metricsHost(), config.metricsPort(), registry::scrape, this::healthy, this::ready);
    }

    private ErrorHandling errorHandling(String client) {
        return new ErrorHandling(client, config.topics().deadLetters(), deadLetterMaxBytes, FailureBreaker.withDefaults(),
                new FailureMetrics(registry, client));
    }

    /**
     * What the dead-letter topic takes per record (raised to the app's maximum where the app may), and the micro-batch
     * changelog of an older deployment raised to hold any accepted image: see {@link TopicLimits}.
     */
    private int settleRecordLimits() {
        try (Admin admin = Admin.create(clientProperties())) {
            TopicLimits.ensureAtLeast(admin, config.applicationId() + "-" + ClassificationTopology.PENDING_STORE + "-changelog",
                    StreamsProperties.MAX_OUTPUT_RECORD_BYTES);
            return TopicLimits.ensureAtLeast(admin, config.topics().deadLetters(), StreamsProperties.MAX_OUTPUT_RECORD_BYTES)
                    .orElseThrow(() -> new IllegalStateException("dead-letter topic " + config.topics().deadLetters() + " missing"));
        }
    }

    private KafkaStreams client(String name, org.apache.kafka.streams.Topology topology, Properties properties) {
        KafkaStreams client = new KafkaStreams(topology, properties);
        client.setUncaughtExceptionHandler(this::onBug);
        client.setStateListener((now, before) -> {
            LOG.info("kafka streams ({}) {} -> {}", name, before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown(); // either client stopping stops the app: never half a service
            }
        });
        return client;
    }

    public static StreamApp start(StreamAppConfig config) {
        NativeRuntime.init();
        StreamApp app = new StreamApp(config);
        if (config.model().source() == ModelSettings.Source.TOPIC) {
            app.follower = app.followModelsTopic();
        }
        app.streams.start();
        if (app.monitor != null) {
            app.monitor.start();
        }
        return app;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int metricsPort() {
        return ops.port();
    }

    public ClassifierHolder classifiers() {
        return classifiers;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Both clients alive, and the models-topic follower too when there is one: without it no release arrives. */
    boolean healthy() {
        return alive(streams) && (monitor == null || alive(monitor)) && (follower == null || follower.running());
    }

    private static boolean alive(KafkaStreams client) {
        KafkaStreams.State s = client.state();
        return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING && s != KafkaStreams.State.PENDING_ERROR;
    }

    /** The bias monitor's state, or empty when it is disabled. */
    public Optional<KafkaStreams.State> monitorState() {
        return Optional.ofNullable(monitor).map(KafkaStreams::state);
    }

    boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && classifiers.current().isPresent();
    }

    /** Blocks until the client stops (error, or close from a shutdown hook); true when it ended in ERROR. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR || monitor != null && monitor.state() == KafkaStreams.State.ERROR;
    }

    /** A status line on stderr, so someone running {@code serve} in a terminal sees predictions flowing. */
    void printStatusEvery(java.time.Duration period) {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emotion-stream-status");
            t.setDaemon(true);
            return t;
        });
        long[] last = {0};
        timer.scheduleAtFixedRate(() -> {
            long predictions = (long) registry.find("emotion_predictions").counters().stream().mapToDouble(c -> c.count()).sum();
            long dead = (long) registry.find("emotion_dead_letters").counters().stream().mapToDouble(c -> c.count()).sum();
            String model = classifiers.current().map(c -> c.model().name() + ":" + c.model().version()).orElse("none (holding events)")
                    + classifiers.current(ModelRole.CHALLENGER).map(c -> ", challenger " + c.model().name() + ":" + c.model().version()).orElse("");
            System.err.printf("[serve] %s | model %s | predictions %d (%.0f/s) | dead letters %d%n", streams.state(), model,
                    predictions, (predictions - last[0]) / (double) period.toSeconds(), dead);
            last[0] = predictions;
        }, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * What escapes the exception handlers: the breaker tripped (nearly every record fails), or a failure outside
     * record processing (a state store, the broker). Stopping loudly beats serving nothing but dead letters.
     */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onBug(Throwable e) {
        LOG.error("BUG: unexpected exception in the stream thread; stopping the client", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private void loadFromRegistry() {
        ModelSettings settings = config.model();
        install(ModelRole.CHAMPION, settings.name());
        if (!settings.challenger().isEmpty()) {
            install(ModelRole.CHALLENGER, settings.challenger());
        }
    }

    private void install(ModelRole role, String reference) {
        try {
            var classifier = ModelLoader.load(config.model().registry(), reference);
            classifiers.swap(role, classifier);
            metrics.modelSwapped(role, classifier.model().version());
            LOG.info("{}: {}:{}", role, classifier.model().name(), classifier.model().version());
        } catch (BundleException e) {
            // Not fatal: events wait in the changelogged buffer, /ready says 503 until a champion is installed.
            LOG.error("no usable {} model{}: {}", role, role == ModelRole.CHAMPION ? ", holding events until one is installed" : "",
                    e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model: " + e.getMessage()); // e.g. a model name the registry cannot hold
        }
    }

    /** Topic source: verified releases from the models topic, swapped in as they arrive. */
    private ModelFollower followModelsTopic() {
        ModelSettings settings = config.model();
        ReleaseSignatures.TrustedKeys trusted;
        try {
            trusted = ReleaseSignatures.TrustedKeys.of(settings.trustedKeys().stream().map(SigningKeys::readPublic).toList());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model.trusted.keys: " + e.getMessage());
        }
        var catalog = new ReleaseCatalog(settings.name(), trusted, settings.cacheDir());
        return new ModelFollower(clientProperties(), config.topics().models(), catalog, settings.selector(), classifiers,
                metrics, Dl4jClassifier::load).start();
    }

    private Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(config.kafkaClientOverrides());
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    private void createTopics() {
        int partitions = config.inputPartitions();
        List<NewTopic> topics = List.of(
                new NewTopic(config.topics().images(), Optional.of(partitions), Optional.empty()),
                new NewTopic(config.topics().predictions(), Optional.of(partitions), Optional.empty()),
                // a dead letter keeps its original, and the app accepts records up to this size
                new NewTopic(config.topics().deadLetters(), Optional.of(partitions), Optional.empty())
                        .configs(Map.of("max.message.bytes", Integer.toString(StreamsProperties.MAX_OUTPUT_RECORD_BYTES))),
                new NewTopic(config.topics().shadowPredictions(), Optional.of(partitions), Optional.empty()),
                // labels are joined with predictions by event id: same partition count, same key, co-partitioned
                new NewTopic(config.topics().labels(), Optional.of(partitions), Optional.empty()),
                new NewTopic(config.topics().biasMetrics(), Optional.of(partitions), Optional.empty())
                        .configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(config.topics().biasAlerts(), Optional.of(partitions), Optional.empty()),
                ModelsTopic.newTopic(config.topics().models()));
        try (Admin admin = Admin.create(clientProperties())) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
        streams.close();
        streamsMetrics.close();
        if (monitor != null) {
            monitor.close();
            monitorMetrics.close();
        }
        ops.close();
        if (embedded != null) {
            embedded.close();
        }
        stopped.countDown();
    }

    public static void main(String[] args) {
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Optional.of(Path.of(args[++i]));
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: ./emotion-stream serve [--config FILE]   (settings: README, 'Stream app configuration')");
                return;
            } else {
                System.err.println("emotion-stream serve: error: unknown argument '" + args[i] + "'");
                System.exit(2);
            }
        }
        StreamApp app;
        try {
            app = start(StreamAppConfig.load(file, System.getenv()));
        } catch (ConfigException e) {
            System.err.println("emotion-stream serve: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "emotion-stream-shutdown"));
        app.printStatusEvery(java.time.Duration.ofSeconds(5));
        System.err.printf("emotion-stream serve: kafka %s%s, metrics http://%s:%d/metrics, %d stream thread(s), %s%n",
                app.bootstrapServers(), app.embedded != null ? " (embedded)" : "", app.config.metricsHost(),
                app.metricsPort(), app.config.streamThreads(), NativeRuntime.describe());
        try {
            boolean failed = app.awaitStop();
            System.exit(failed ? 1 : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
