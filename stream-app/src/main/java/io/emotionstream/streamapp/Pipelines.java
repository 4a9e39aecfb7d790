package io.emotionstream.streamapp;

import io.emotionstream.model.preprocess.ImageLimits;
import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.platform.lifecycle.ShutdownBudget;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.config.RocksDbMemory;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamsProperties;
import io.emotionstream.streamapp.errors.DeadLetterFit;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.errors.FailureBreaker;
import io.emotionstream.streamapp.errors.FailureMetrics;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.monitor.BiasMonitorTopology;
import io.emotionstream.streamapp.monitor.MonitorMetrics;
import io.emotionstream.streamapp.telemetry.Telemetry;
import io.emotionstream.streamapp.topology.ClassificationSettings;
import io.emotionstream.streamapp.topology.ClassificationTopology;
import io.emotionstream.streamapp.topology.DemographicsRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The app's two Kafka Streams clients, both exactly-once, each with its own error handling and meters: the
 * classifier ({@link ClassificationTopology}) and, when enabled, the bias monitor ({@link BiasMonitorTopology},
 * application id + "-monitor"). Either one stopping stops both ({@link #awaitStop}). A restore that a hanging transaction
 * holds back is unstuck ({@link HangingTransactionWatch}).
 */
final class Pipelines {
    private final RocksDbMemory rocksDbMemory;
    private final KafkaStreams classifier;
    private final KafkaStreams monitor;
    private final HangingTransactionWatch hangingTransactions;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * @param clientSettings     the cluster and the {@code kafka.*} overrides, for every client
     * @param deadLetterMaxBytes what the dead-letter topic takes per record (every dead letter is fitted to it)
     */
    Pipelines(
            StreamAppConfig config,
            TopicCodecs codecs,
            Map<String, Object> clientSettings,
            int deadLetterMaxBytes,
            ClassifierHolder classifiers,
            StreamMetrics metrics,
            GroupTags groupTags,
            Telemetry telemetry) {
        this.rocksDbMemory = new RocksDbMemory(config.rocksDbMemoryMb() * 1024L * 1024L);
        ErrorHandling classifierErrors = errorHandling("classifier", config, deadLetterMaxBytes, telemetry);
        this.classifier = StreamsClient.create(
                "classifier",
                counted(
                        ClassificationTopology.build(
                                config.topics(),
                                codecs,
                                classifiers,
                                metrics,
                                new ImagePreprocessors(ImageLimits.DEFAULT, config.noFace()),
                                new ClassificationSettings(
                                        config.batching(),
                                        config.eventLimits(),
                                        new DemographicsRouting(
                                                config.dataProtection().demographics(),
                                                config.monitor().isPresent())),
                                classifierErrors,
                                Clock.systemUTC()),
                        classifierErrors),
                StreamsProperties.of(
                        clientSettings,
                        config.applicationId(),
                        config.streamThreads(),
                        config,
                        classifierErrors,
                        rocksDbMemory),
                stopped::countDown);
        telemetry.bind(classifier);
        this.monitor = config.monitor()
                .map(settings -> {
                    ErrorHandling monitorErrors = errorHandling("monitor", config, deadLetterMaxBytes, telemetry);
                    KafkaStreams client = StreamsClient.create(
                            "monitor",
                            counted(
                                    BiasMonitorTopology.build(
                                            config.topics(),
                                            codecs,
                                            settings,
                                            config.eventLimits(),
                                            new MonitorMetrics(telemetry.registry(), settings, groupTags),
                                            monitorErrors),
                                    monitorErrors),
                            StreamsProperties.of(
                                    clientSettings,
                                    BiasMonitorTopology.applicationId(config.applicationId()),
                                    1,
                                    config,
                                    monitorErrors,
                                    rocksDbMemory),
                            stopped::countDown);
                    telemetry.bind(client);
                    return client;
                })
                .orElse(null);
        this.hangingTransactions = new HangingTransactionWatch(
                clientSettings,
                writtenBy(config),
                () -> running(classifier) && (monitor == null || running(monitor)),
                telemetry.hangingTransactions(),
                Clock.systemUTC());
    }

    /** The topics the app's producers write: its outputs, its clients' internal topics and the group offsets. */
    private static Predicate<String> writtenBy(StreamAppConfig config) {
        var topics = config.topics();
        Set<String> outputs = Set.of(
                topics.predictions(),
                topics.shadowPredictions(),
                topics.deadLetters(),
                topics.biasMetrics(),
                topics.biasAlerts(),
                topics.monitorFeed(),
                Topic.GROUP_METADATA_TOPIC_NAME);
        return name -> outputs.contains(name) || name.startsWith(config.applicationId() + "-");
    }

    /** The topology, its processors' failure counters registered at 0. */
    private static Topology counted(Topology topology, ErrorHandling errors) {
        errors.metrics().expectFailuresAt(topology.describe());
        return topology;
    }

    private static boolean running(KafkaStreams client) {
        return client.state() == KafkaStreams.State.RUNNING;
    }

    private static ErrorHandling errorHandling(
            String client, StreamAppConfig config, int deadLetterMaxBytes, Telemetry telemetry) {
        return new ErrorHandling(
                client,
                config.topics().deadLetters(),
                new DeadLetterFit(deadLetterMaxBytes, config.dataProtection().deadLetterValues()),
                FailureBreaker.withDefaults(),
                new FailureMetrics(telemetry.registry(), client));
    }

    void start() {
        hangingTransactions.start();
        classifier.start();
        if (monitor != null) {
            monitor.start();
        }
    }

    private static boolean leaving(KafkaStreams client, Duration timeout) {
        return client.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout));
    }

    KafkaStreams.State classifierState() {
        return classifier.state();
    }

    Optional<KafkaStreams.State> monitorState() {
        return Optional.ofNullable(monitor).map(KafkaStreams::state);
    }

    /** Neither client stopped or stopping on an error. */
    boolean alive() {
        return StreamsClient.alive(classifier) && (monitor == null || StreamsClient.alive(monitor));
    }

    /** Blocks until a client stops (an error, or {@link #close}); true when one ended in ERROR. */
    boolean awaitStop() throws InterruptedException {
        stopped.await();
        return classifier.state() == KafkaStreams.State.ERROR
                || monitor != null && monitor.state() == KafkaStreams.State.ERROR;
    }

    /**
     * Stops both clients at once, each within what is left of {@code budget}. Under exactly-once a client that does
     * not finish in time (its commit waits for a cluster that is gone) loses nothing: its open transaction is
     * aborted by the cluster, and the next start replays from the last commit. The RocksDB memory is freed only when
     * both clients stopped: their stores point into it.
     * <p>
     * Each client leaves its group as it stops, so its partitions are handed out at once (to the other instances, or to
     * this app's next start) instead of after the group's session timeout (45 s), when the coordinator would notice.
     */
    void close(ShutdownBudget budget) {
        hangingTransactions.close();
        leaving(classifier, Duration.ZERO); // both start stopping now; each is then waited for
        if (monitor != null) {
            leaving(monitor, Duration.ZERO);
        }
        boolean closed = budget.close("kafka streams (classifier)", timeout -> leaving(classifier, timeout));
        if (monitor != null) {
            closed &= budget.close("kafka streams (monitor)", timeout -> leaving(monitor, timeout));
        }
        if (closed) {
            budget.closeUntimed("rocksdb memory", rocksDbMemory::close);
        } else {
            budget.leaveOpen("rocksdb memory", "a stream client may still use it");
        }
        stopped.countDown();
    }
}
