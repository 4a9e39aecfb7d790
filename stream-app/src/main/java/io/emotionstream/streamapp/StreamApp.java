package io.emotionstream.streamapp;

import io.emotionstream.model.preprocess.ImageLimits;
import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamsProperties;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.errors.FailureBreaker;
import io.emotionstream.streamapp.errors.FailureMetrics;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.models.ModelSource;
import io.emotionstream.streamapp.monitor.BiasMonitorTopology;
import io.emotionstream.streamapp.monitor.MonitorMetrics;
import io.emotionstream.streamapp.monitor.MonitorSettings;
import io.emotionstream.streamapp.provision.TopicProvisioner;
import io.emotionstream.streamapp.telemetry.StatusLine;
import io.emotionstream.streamapp.telemetry.Telemetry;
import io.emotionstream.streamapp.topology.ClassificationTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The stream app's composition root: builds its parts, starts them, stops them in reverse order. The parts: a
 * local broker when no cluster is configured and the caller supplies one ({@link LocalBroker}), the topics
 * ({@link TopicProvisioner}), the
 * models ({@link ModelSource}), telemetry ({@link Telemetry}), and two Kafka Streams clients running exactly-once, the
 * classifier ({@link ClassificationTopology}) and the bias monitor ({@link BiasMonitorTopology}). {@code serve}
 * runs it ({@link ServeCommand}).
 */
public final class StreamApp implements AutoCloseable {
    private final StreamAppConfig config;
    private final LocalBroker embedded;
    private final String bootstrapServers;
    private final ClassifierHolder classifiers = new ClassifierHolder();
    private final Telemetry telemetry = new Telemetry();
    private final StreamMetrics metrics;
    private final ModelSource models;
    private final KafkaStreams classifier;
    /** The bias monitor: its own Kafka Streams client (application id + "-monitor"), when enabled. */
    private final KafkaStreams monitor;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StreamApp(StreamAppConfig config, LocalBroker.Starter localBroker) {
        this.config = config;
        this.embedded = config.bootstrapServers().isEmpty() ? localBroker.start(config) : null;
        this.bootstrapServers = config.bootstrapServers().orElseGet(() -> embedded.bootstrapServers());
        MonitorSettings groups = config.monitor().orElse(MonitorSettings.DEFAULT);
        GroupTags groupTags = new GroupTags(groups.attributes(), groups.maxGroups()); // one set for every meter
        this.metrics = new StreamMetrics(telemetry.registry(), groupTags);
        int deadLetterMaxBytes;
        try (Admin admin = Admin.create(clientSettings())) {
            deadLetterMaxBytes = TopicProvisioner.provision(admin, config.topics(), config.inputPartitions(),
                    config.applicationId() + "-" + ClassificationTopology.PENDING_STORE + "-changelog");
        }
        this.models = ModelSource.of(config.model(), config.topics().models(), clientSettings(), classifiers, metrics);

        ErrorHandling classifierErrors = errorHandling("classifier", deadLetterMaxBytes);
        this.classifier = StreamsClient.create("classifier", ClassificationTopology.build(config.topics(), classifiers, metrics,
                        config.batching(), new ImagePreprocessors(ImageLimits.DEFAULT, config.noFace()), config.eventLimits(),
                        classifierErrors, Clock.systemUTC()),
                StreamsProperties.of(clientSettings(), config.applicationId(), config.streamThreads(), config, classifierErrors),
                stopped::countDown);
        telemetry.bind(classifier);
        this.monitor = config.monitor().map(settings -> {
            ErrorHandling monitorErrors = errorHandling("monitor", deadLetterMaxBytes);
            return StreamsClient.create("monitor", BiasMonitorTopology.build(config.topics(), settings, config.eventLimits(),
                            new MonitorMetrics(telemetry.registry(), settings, groupTags), monitorErrors),
                    StreamsProperties.of(clientSettings(), config.applicationId() + "-monitor", 1, config, monitorErrors),
                    stopped::countDown);
        }).orElse(null);
        if (monitor != null) {
            telemetry.bind(monitor);
        }
        telemetry.serve(config.metricsHost(), config.metricsPort(), this::healthy, this::ready);
    }

    /** Starts the app on the configured cluster; without one it refuses ({@link LocalBroker#REQUIRED}). */
    public static StreamApp start(StreamAppConfig config) {
        return start(config, LocalBroker.REQUIRED);
    }

    /** Starts the app, on a broker from {@code localBroker} when no cluster is configured. */
    public static StreamApp start(StreamAppConfig config, LocalBroker.Starter localBroker) {
        NativeRuntime.init();
        StreamApp app = new StreamApp(config, localBroker);
        app.models.start();
        app.classifier.start();
        if (app.monitor != null) {
            app.monitor.start();
        }
        return app;
    }

    private ErrorHandling errorHandling(String client, int deadLetterMaxBytes) {
        return new ErrorHandling(client, config.topics().deadLetters(), deadLetterMaxBytes, FailureBreaker.withDefaults(),
                new FailureMetrics(telemetry.registry(), client));
    }

    private Map<String, Object> clientSettings() {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientOverrides());
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    boolean embedded() {
        return embedded != null;
    }

    public int metricsPort() {
        return telemetry.port();
    }

    public ClassifierHolder classifiers() {
        return classifiers;
    }

    public KafkaStreams.State state() {
        return classifier.state();
    }

    /** The bias monitor's state, or empty when it is disabled. */
    public Optional<KafkaStreams.State> monitorState() {
        return Optional.ofNullable(monitor).map(KafkaStreams::state);
    }

    /** Both clients alive, and the model source too: without the models-topic follower no release arrives. */
    boolean healthy() {
        return StreamsClient.alive(classifier) && (monitor == null || StreamsClient.alive(monitor)) && models.healthy();
    }

    boolean ready() {
        return classifier.state() == KafkaStreams.State.RUNNING && classifiers.current().isPresent();
    }

    /** Blocks until a client stops (error, or close from a shutdown hook); true when it ended in ERROR. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return classifier.state() == KafkaStreams.State.ERROR || monitor != null && monitor.state() == KafkaStreams.State.ERROR;
    }

    /** The status line {@code serve} prints on stderr. */
    StatusLine statusLine(Duration period) {
        return new StatusLine(period, classifier::state, classifiers, metrics);
    }

    @Override
    public void close() {
        models.close();
        classifier.close();
        if (monitor != null) {
            monitor.close();
        }
        telemetry.close();
        if (embedded != null) {
            embedded.close();
        }
        stopped.countDown();
    }

    /** The deployable jar's {@code serve}: a cluster must be configured ({@code ./emotion-stream serve} is LocalServe). */
    public static void main(String[] args) {
        System.exit(ServeCommand.run(args, LocalBroker.REQUIRED));
    }
}
