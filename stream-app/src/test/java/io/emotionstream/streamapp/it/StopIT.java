package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.broker.LoopbackPorts;
import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamAppConfigBuilder;
import io.emotionstream.streamapp.topology.ClassificationTopology;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.JavaProcess;
import io.emotionstream.testkit.KafkaCluster;
import io.emotionstream.testkit.TestRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop means stop: {@code serve}, a process of its own, gets SIGTERM in each state it can be in and must be gone
 * within {@code shutdown.timeout} (plus the two seconds the stop's watchdog allows and the JVM's exit), saying on stderr
 * what it closed or what it could not. The broker is a cluster node in a process of its own (testkit's
 * {@link KafkaCluster}, one node), so a test can kill it, freeze it, or stop it together with the app.
 */
class StopIT {
    private static final Duration BUDGET = Duration.ofSeconds(6);
    /** The budget, the watchdog's grace (StopOnSignal.GRACE) and a JVM's exit on a loaded two-core machine. */
    private static final Duration GONE_WITHIN = BUDGET.plusSeconds(2 + 5);

    private static final int SIGTERM_STATUS = 128 + 15;
    private static final int STOP_INCOMPLETE_STATUS = 3; // ServeCommand.EXIT_STOP_INCOMPLETE

    @TempDir
    static Path clusterDir;

    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    private TestRun run;
    private Path registry;

    @BeforeAll
    static void startBroker() {
        cluster = KafkaCluster.start(clusterDir, 1);
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    @BeforeEach
    void brokerUpAndAModel() {
        if (!cluster.running(1)) {
            cluster.start(1); // a test before this one stopped it
            cluster.awaitBrokers(1);
        }
        run = new TestRun(UUID.randomUUID().toString().substring(0, 8));
        registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "stop-model");
        createImagesTopic();
    }

    /** The serves' own logs outlive the temporary directory, for whoever reads a failure (target/stop-it/TEST/). */
    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        Path kept =
                Path.of("target", "stop-it", test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(kept);
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void shouldStopWithinTheBudgetWhileStarting() throws Exception {
        // given serve answering /health but not yet ready (its clients joining the group)
        Serve serve = Serve.launch(settings(), dir, "starting");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> serve.status("/health") == 200);
        assertThat(serve.status("/ready")).as("still starting").isEqualTo(503);

        // when it gets SIGTERM, then it is gone within the budget, every part closed
        Stopped stopped = serve.sigterm();
        assertThat(stopped.after()).isLessThan(GONE_WITHIN);
        assertThat(stopped.status()).isEqualTo(SIGTERM_STATUS);
    }

    @Test
    void shouldStopWithinTheBudgetWhileRunningUnderLoad() throws Exception {
        // given serve classifying a stream of events
        Serve serve = classifying("running", 2000);

        // when it gets SIGTERM mid-stream, then it stops cleanly within the budget
        Stopped stopped = serve.sigterm();
        assertThat(stopped.after()).isLessThan(GONE_WITHIN);
        assertThat(stopped.status()).isEqualTo(SIGTERM_STATUS);
        assertThat(stopped.log()).contains("emotion-stream serve: stopped (closed in");
        // and both clients left their groups: the next start need not wait for their sessions to time out
        assertThat(groupMembers(run.applicationId())).as("classifier's group").isZero();
        assertThat(groupMembers(run.applicationId() + "-monitor"))
                .as("monitor's group")
                .isZero();
    }

    @Test
    void shouldStopWithinTheBudgetWhileRebalancing() throws Exception {
        // given serve running, and a second instance of the same application joining its group
        Serve first = Serve.launch(settings(), dir, "first");
        first.awaitReady();
        Serve second = Serve.launch(settings().stateDir(dir.resolve("state-second")), dir, "second");

        // when the second gets SIGTERM while the group rebalances to let it in (it answers /health, not yet /ready)
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> second.status("/health") == 200);
        assertThat(second.status("/ready")).as("still joining").isEqualTo(503);
        Stopped stopped = second.sigterm();

        // then it is gone within the budget, every part closed, and the first instance serves on
        assertThat(stopped.after()).isLessThan(GONE_WITHIN);
        assertThat(stopped.status()).isEqualTo(SIGTERM_STATUS);
        first.awaitReady();
        first.sigterm();
    }

    @Test
    void shouldStopWithinTheBudgetWhileRestoringState() throws Exception {
        // given events buffered in the changelogged pending-images store (no model yet), and the app killed
        StreamAppConfigBuilder noModel = settings().model("arrives-later");
        Serve buffering = Serve.launch(noModel, dir, "buffering");
        await().atMost(Duration.ofSeconds(120)).until(() -> buffering.status("/health") == 200);
        produce(0, 2000);
        String changelog = run.applicationId() + "-" + ClassificationTopology.PENDING_STORE + "-changelog";
        await().atMost(Duration.ofSeconds(120)).until(() -> endOffsets(changelog) >= 2000);
        buffering.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        // when a new serve on the same state restores it (exactly-once: an unclean stop's stores are wiped and
        // rebuilt), the broker frozen the moment the restore starts, so it is still under way when SIGTERM arrives
        Serve restoring = Serve.launch(noModel, dir, "restoring");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> restoring.log().contains("restoring store " + ClassificationTopology.PENDING_STORE));
        cluster.freeze(1);
        try {
            Stopped stopped = restoring.sigterm();

            // then it is gone within the budget all the same
            assertThat(stopped.logAtSignal()).doesNotContain("restored store " + ClassificationTopology.PENDING_STORE);
            assertThat(stopped.after()).isLessThan(GONE_WITHIN);
            assertThat(stopped.status()).isIn(SIGTERM_STATUS, STOP_INCOMPLETE_STATUS);
        } finally {
            cluster.resume(1);
        }
    }

    @Test
    void shouldFailReadyAtOnceAndHealthAfterTheSettingWhenTheBrokerIsGone_andStillStopWithinTheBudget()
            throws Exception {
        // given serve running, told to give the cluster 5 s before /health fails
        Serve serve = Serve.launch(settings().clusterUnreachableTimeout("5s"), dir, "broker-gone");
        serve.awaitReady();

        // when the broker is killed
        cluster.kill(1);

        // then /ready fails within the watch's probe (1 s apart, 2 s each), /health once the 5 s have passed
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> serve.status("/ready") == 503);
        assertThat(serve.status("/health")).isEqualTo(200);
        assertThat(serve.metric("emotion_kafka_reachable")).isZero();
        assertThat(serve.metric("emotion_kafka_unreachable_since_seconds")).isPositive();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> serve.status("/health") == 503);
        assertThat(serve.log()).containsOnlyOnce("kafka cluster unreachable since");

        // and SIGTERM ends it within the budget, naming what could not close without a cluster
        Stopped stopped = serve.sigterm();
        assertThat(stopped.after()).isLessThan(GONE_WITHIN);
        assertThat(stopped.status()).isIn(SIGTERM_STATUS, STOP_INCOMPLETE_STATUS);
        if (stopped.status() == STOP_INCOMPLETE_STATUS) {
            assertThat(stopped.log())
                    .contains("emotion-stream serve: stop incomplete")
                    .contains("kafka streams (");
        }
    }

    @Test
    void shouldStopWithinTheBudgetWhenTheBrokerStopsAtTheSameMoment_andLoseNothingOnTheNextStart() throws Exception {
        // given serve classifying a stream
        Serve serve = classifying("together", 1000);

        // when the app and the broker get SIGTERM at the same moment
        long signalledAt = System.nanoTime();
        serve.process().destroy();
        cluster.stop(1);
        boolean gone = serve.process()
                .waitFor(GONE_WITHIN.toNanos() - (System.nanoTime() - signalledAt), TimeUnit.NANOSECONDS);
        System.out.printf(
                "StopIT: together.log stopped with the broker, %d ms after SIGTERM%n",
                Duration.ofNanos(System.nanoTime() - signalledAt).toMillis());

        // then the app is gone within the budget
        assertThat(gone)
                .as("serve gone within %s of SIGTERM (log: %s)", GONE_WITHIN, serve.logFile())
                .isTrue();
        assertThat(serve.process().exitValue()).isIn(SIGTERM_STATUS, STOP_INCOMPLETE_STATUS);

        // and once both are back, a committed prediction for every event: what was not committed was replayed
        cluster.start(1);
        cluster.awaitBrokers(1);
        Serve next = Serve.launch(settings(), dir, "after");
        try {
            // generous: the next start first waits out the stopped members' sessions (about 30 s), then restores and
            // warms up; this asserts that nothing is lost, not how fast it catches up
            List<String> eventIds = Committed.readRaw(
                            cluster.bootstrapServers(), run.topics().predictions(), 1000, Duration.ofSeconds(240))
                    .stream()
                    .map(r -> Topics.predictionSerde().decode(r.value()).getEventId())
                    .toList();
            // Kafka may leave a transaction of the stopped instance hanging (docs/reliability.md): the app aborts those
            // whose consumer offsets hang with them, and reports those on outputs alone, which may have been committed
            List<String> log = Files.readAllLines(next.logFile());
            long aborted = log.stream()
                    .filter(l -> l.contains("aborted a hanging transaction"))
                    .count();
            List<String> leftAlone =
                    log.stream().filter(l -> l.contains("is left alone")).toList();
            long distinct = eventIds.stream().distinct().count();
            System.out.printf(
                    "StopIT: after.log aborted %d hanging transactions, left %d to an operator; %d committed "
                            + "predictions of %d events%n",
                    aborted, leftAlone.size(), eventIds.size(), distinct);
            if (leftAlone.isEmpty()) {
                assertThat(distinct).isEqualTo(1000);
                // a second copy only where an aborted transaction's output had its commit marker after all
                assertThat(eventIds.size() == distinct || aborted > 0)
                        .as("duplicates without an abort")
                        .isTrue();
                assertThat(next.metric("emotion_hanging_transactions_total")).isEqualTo((double) aborted);
            } else {
                // a transaction that may have been committed hangs on a partition (an output, a store's changelog): its
                // readers wait for an operator, whom the log tells what to do, and nothing was written twice
                assertThat(distinct).isLessThanOrEqualTo(1000).isEqualTo(eventIds.size());
                assertThat(leftAlone).allSatisfy(line -> assertThat(line).contains("kafka-transactions.sh"));
                assertThat(next.metric("emotion_hanging_transactions_total"))
                        .isEqualTo((double) (aborted + leftAlone.size()));
            }
        } finally {
            next.sigterm();
        }
    }

    /** A serve that is ready and has classified the first 100 of {@code events} sent to it. */
    private Serve classifying(String name, int events) throws Exception {
        Serve serve = Serve.launch(settings(), dir, name);
        serve.awaitReady();
        produce(0, events);
        await().atMost(Duration.ofSeconds(60)).until(() -> serve.metric("emotion_predictions_total") >= 100);
        return serve;
    }

    private StreamAppConfigBuilder settings() {
        return StreamAppConfig.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .applicationId(run.applicationId())
                .topics(run.topics())
                .modelRegistry(registry)
                .model("stop-model")
                .stateDir(dir.resolve("state"))
                .monitorEnabled(true)
                .shutdownTimeout(BUDGET.toSeconds() + "s")
                .metricsPort(LoopbackPorts.free());
    }

    private int groupMembers(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group)
                    .members()
                    .size();
        }
    }

    private void createImagesTopic() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(run.topics().images(), 2, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the images topic", e);
        }
    }

    private void produce(int from, int to) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "linger.ms", "5"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("event-id", ("stop-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(
                        run.topics().images(),
                        null,
                        ("stop-" + i).getBytes(StandardCharsets.UTF_8),
                        Images.png(i),
                        headers));
            }
            producer.flush();
        }
    }

    private long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    /** How a stop went: the exit status, the time from SIGTERM to the process gone, and the log then and at the end. */
    private record Stopped(int status, Duration after, String logAtSignal, String log) {}

    /** One {@code serve} process: the stream-app jar's main with settings as variables, its output in a file. */
    private record Serve(Process process, Path logFile, int metricsPort) {
        private static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

        static Serve launch(StreamAppConfigBuilder settings, Path dir, String name) {
            Map<String, String> env = new HashMap<>(settings.environment());
            // the restore log lines are INFO; the test kit's processes log WARN and above
            env.put("JAVA_TOOL_OPTIONS", "-Demotion.log.levels=io.emotionstream=info");
            Path log = dir.resolve(name + ".log");
            return new Serve(
                    JavaProcess.launch(StreamApp.class.getName(), env, log, "-Xmx1g"),
                    log,
                    settings.build().metricsPort());
        }

        void awaitReady() {
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                assertThat(process.isAlive())
                        .as("serve alive (log: %s)", logFile)
                        .isTrue();
                return status("/ready") == 200;
            });
        }

        int status(String path) {
            try {
                return HTTP.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                return -1; // not listening (yet, or any more)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** The sum of a meter's series on /metrics (0 when absent). */
        double metric(String name) throws Exception {
            String body = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return body.lines()
                    .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        }

        String log() throws IOException {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        }

        Stopped sigterm() throws Exception {
            String atSignal = log();
            long start = System.nanoTime();
            process.destroy(); // SIGTERM
            boolean gone = process.waitFor(60, TimeUnit.SECONDS);
            Duration after = Duration.ofNanos(System.nanoTime() - start);
            if (!gone) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("serve still running 60 s after SIGTERM (log: " + logFile + ")");
            }
            System.out.printf(
                    "StopIT: %s stopped with status %d, %d ms after SIGTERM%n",
                    logFile.getFileName(), process.exitValue(), after.toMillis()); // the figures in docs/reliability.md
            return new Stopped(process.exitValue(), after, atSignal, log());
        }
    }
}
