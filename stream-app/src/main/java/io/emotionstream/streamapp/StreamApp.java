package io.emotionstream.streamapp;

import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.platform.kafka.ClientBackoff;
import io.emotionstream.platform.kafka.ClusterWatch;
import io.emotionstream.platform.lifecycle.ShutdownBudget;
import io.emotionstream.platform.lifecycle.ShutdownReport;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.config.LifecycleSettings;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.models.ModelSource;
import io.emotionstream.streamapp.provision.SchemaProvisioner;
import io.emotionstream.streamapp.provision.TopicProvisioner;
import io.emotionstream.streamapp.telemetry.StatusLine;
import io.emotionstream.streamapp.telemetry.Telemetry;
import io.emotionstream.streamapp.topology.ClassificationTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream app's composition root: builds its parts, starts them, stops them in reverse order. The parts: a
 * local broker when no cluster is configured and the caller supplies one ({@link LocalBroker}), the topics
 * ({@link TopicProvisioner}) and their schemas in a registry if one is configured ({@link SchemaProvisioner}),
 * telemetry ({@link Telemetry}), the models ({@link ModelSource}), the two Kafka Streams clients
 * ({@link Pipelines}) and the {@link ClusterWatch} that tells {@code /ready} and {@code /health} whether the cluster
 * answers. {@code serve} runs it ({@link ServeCommand}); a stop takes at most {@code shutdown.timeout}
 * ({@link #close(Duration)}).
 */
public final class StreamApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamApp.class);

    private final LocalBroker embedded;
    private final String bootstrapServers;
    private final ClassifierHolder classifiers = new ClassifierHolder();
    private final Telemetry telemetry = new Telemetry();
    private final StreamMetrics metrics;
    private final ModelSource models;
    private final Pipelines pipelines;
    private final ClusterWatch cluster;
    private final LifecycleSettings lifecycle;

    private StreamApp(StreamAppConfig config, LocalBroker.Starter localBroker) {
        this.embedded = config.bootstrapServers().isEmpty() ? localBroker.start(config) : null;
        this.bootstrapServers = config.bootstrapServers().orElseGet(() -> embedded.bootstrapServers());
        this.lifecycle = config.lifecycle();
        Map<String, Object> clientSettings = new HashMap<>(ClientBackoff.settings());
        clientSettings.putAll(config.kafkaClientOverrides());
        clientSettings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        MonitorSettings groups = config.monitor().orElse(MonitorSettings.DEFAULT);
        GroupTags groupTags = new GroupTags(groups.attributes(), groups.maxGroups()); // one set for every meter
        this.metrics = new StreamMetrics(telemetry.registry(), groupTags);
        int deadLetterMaxBytes;
        TopicCodecs codecs = config.wire().codecs(config.topics());
        try (Admin admin = Admin.create(clientSettings)) {
            deadLetterMaxBytes = TopicProvisioner.provision(
                    admin,
                    config.topics(),
                    config.inputPartitions(),
                    config.dataProtection().retention(),
                    config.applicationId() + "-" + ClassificationTopology.PENDING_STORE + "-changelog");
            SchemaProvisioner.provision(codecs);
        } catch (RuntimeException e) {
            closeEmbedded(); // start-up refused: leave no broker running behind the message
            throw e;
        }
        this.models = ModelSource.of(config.model(), config.topics().models(), clientSettings, classifiers, metrics);
        this.pipelines = new Pipelines(
                config, codecs, clientSettings, deadLetterMaxBytes, classifiers, metrics, groupTags, telemetry);
        this.cluster = new ClusterWatch(clientSettings, Clock.systemUTC());
        telemetry.bind(cluster);
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
        app.cluster.start();
        app.models.start();
        app.pipelines.start();
        return app;
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
        return pipelines.classifierState();
    }

    /** The bias monitor's state, or empty when it is disabled. */
    public Optional<KafkaStreams.State> monitorState() {
        return pipelines.monitorState();
    }

    /**
     * Both clients alive, the model source too (without the models-topic follower no release arrives), and a broker
     * answered within {@code cluster.unreachable.timeout}: an orchestrator may then restart or move the instance.
     */
    boolean healthy() {
        return pipelines.alive()
                && models.healthy()
                && cluster.unreachableFor().compareTo(lifecycle.unreachableTimeout()) < 0;
    }

    /** Classifying with a champion, on a cluster that answers: fails the moment the cluster watch sees it gone. */
    boolean ready() {
        return pipelines.classifierState() == KafkaStreams.State.RUNNING
                && classifiers.current().isPresent()
                && cluster.reachability().reachable();
    }

    /** Blocks until a client stops (error, or close from a shutdown hook); true when it ended in ERROR. */
    public boolean awaitStop() throws InterruptedException {
        return pipelines.awaitStop();
    }

    /** The status line {@code serve} prints on stderr. */
    StatusLine statusLine(Duration period) {
        return new StatusLine(period, pipelines::classifierState, classifiers, metrics);
    }

    /** Stops within {@code shutdown.timeout}; a part that did not close in time is logged with why. */
    @Override
    public void close() {
        ShutdownReport report = close(lifecycle.shutdownTimeout());
        if (!report.complete()) {
            LOG.warn("stream app: {}", report.describe());
        }
    }

    /**
     * Stops every part in reverse order of start, within {@code budget} all together ({@link ShutdownBudget}): what
     * did not close in time is named in the report, and the caller decides what to do about it (serve exits).
     */
    public ShutdownReport close(Duration budget) {
        ShutdownBudget shutdown = ShutdownBudget.start(budget);
        shutdown.close("model follower", models::close);
        pipelines.close(shutdown);
        shutdown.close("cluster watch", cluster::close);
        shutdown.closeUntimed("operations server", telemetry::close);
        if (embedded != null) {
            shutdown.closeUntimed("embedded broker", embedded::close);
        }
        return shutdown.report();
    }

    private void closeEmbedded() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The deployable jar's {@code serve}: a cluster must be configured ({@code ./emotion-stream serve} is LocalServe). */
    public static void main(String[] args) {
        System.exit(ServeCommand.run(args, LocalBroker.REQUIRED));
    }
}
