package io.emotionstream.streamapp;

import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.models.ModelSource;
import io.emotionstream.streamapp.monitor.MonitorSettings;
import io.emotionstream.streamapp.provision.SchemaProvisioner;
import io.emotionstream.streamapp.provision.TopicProvisioner;
import io.emotionstream.streamapp.telemetry.StatusLine;
import io.emotionstream.streamapp.telemetry.Telemetry;
import io.emotionstream.streamapp.topology.ClassificationTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The stream app's composition root: builds its parts, starts them, stops them in reverse order. The parts: a
 * local broker when no cluster is configured and the caller supplies one ({@link LocalBroker}), the topics
 * ({@link TopicProvisioner}) and their schemas in a registry if one is configured ({@link SchemaProvisioner}),
 * telemetry ({@link Telemetry}), the models ({@link ModelSource}) and the two Kafka Streams clients
 * ({@link Pipelines}). {@code serve} runs it ({@link ServeCommand}).
 */
public final class StreamApp implements AutoCloseable {
    private final LocalBroker embedded;
    private final String bootstrapServers;
    private final ClassifierHolder classifiers = new ClassifierHolder();
    private final Telemetry telemetry = new Telemetry();
    private final StreamMetrics metrics;
    private final ModelSource models;
    private final Pipelines pipelines;

    private StreamApp(StreamAppConfig config, LocalBroker.Starter localBroker) {
        this.embedded = config.bootstrapServers().isEmpty() ? localBroker.start(config) : null;
        this.bootstrapServers = config.bootstrapServers().orElseGet(() -> embedded.bootstrapServers());
        Map<String, Object> clientSettings = new HashMap<>(config.kafkaClientOverrides());
        clientSettings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        MonitorSettings groups = config.monitor().orElse(MonitorSettings.DEFAULT);
        GroupTags groupTags = new GroupTags(groups.attributes(), groups.maxGroups()); // one set for every meter
        this.metrics = new StreamMetrics(telemetry.registry(), groupTags);
        int deadLetterMaxBytes;
        TopicCodecs codecs = config.wire().codecs(config.topics());
        try (Admin admin = Admin.create(clientSettings)) {
            deadLetterMaxBytes = TopicProvisioner.provision(admin, config.topics(), config.inputPartitions(),
                    config.applicationId() + "-" + ClassificationTopology.PENDING_STORE + "-changelog");
            SchemaProvisioner.provision(codecs);
        } catch (RuntimeException e) {
            closeEmbedded(); // start-up refused: leave no broker running behind the message
            throw e;
        }
        this.models = ModelSource.of(config.model(), config.topics().models(), clientSettings, classifiers, metrics);
        this.pipelines = new Pipelines(config, codecs, clientSettings, deadLetterMaxBytes, classifiers, metrics, groupTags,
                telemetry);
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

    /** Both clients alive, and the model source too: without the models-topic follower no release arrives. */
    boolean healthy() {
        return pipelines.alive() && models.healthy();
    }

    boolean ready() {
        return pipelines.classifierState() == KafkaStreams.State.RUNNING && classifiers.current().isPresent();
    }

    /** Blocks until a client stops (error, or close from a shutdown hook); true when it ended in ERROR. */
    public boolean awaitStop() throws InterruptedException {
        return pipelines.awaitStop();
    }

    /** The status line {@code serve} prints on stderr. */
    StatusLine statusLine(Duration period) {
        return new StatusLine(period, pipelines::classifierState, classifiers, metrics);
    }

    @Override
    public void close() {
        models.close();
        pipelines.close();
        telemetry.close();
        closeEmbedded();
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
