package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.JavaProcess;
import io.emotionstream.testkit.KafkaCluster;
import io.emotionstream.testkit.TestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under load on a real three-node cluster (separate processes, replication factor 3, min.insync.replicas=2)
 * with two stream-app instances sharing the work (standby replicas on): one instance killed with SIGKILL, then one
 * broker killed with SIGKILL and started again, while events keep arriving. A read_committed consumer must then see
 * exactly one prediction per event: nothing lost, nothing duplicated.
 */
class ClusterFaultsIT {
    private static final int EVENTS = 3000;
    private static final int RATE = 100;

    @TempDir
    Path dir;

    @Test
    void shouldPredictEveryEventExactlyOnceThroughAnInstanceKillAndABrokerKill() throws Exception {
        // given a three-node cluster and two app instances, each with its own state, sharing the work
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path models = dir.resolve("models");
        TestModels.publishUntrained(models, "cluster-model");
        Topics topics = new TestRun(run).topics();
        try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("cluster"), 3)) {
            Map<String, String> first = instanceEnvironment(cluster, run, topics, models, "a");
            Map<String, String> second = instanceEnvironment(cluster, run, topics, models, "b");
            Process a = JavaProcess.launch(StreamApp.class.getName(), first, dir.resolve("a.log"), "-Xmx768m");
            Process b = JavaProcess.launch(StreamApp.class.getName(), second, dir.resolve("b.log"), "-Xmx768m");
            try {
                awaitTopic(cluster, topics.images());
                // and events arriving steadily
                AtomicInteger sent = new AtomicInteger();
                AtomicReference<Exception> sendFailure = new AtomicReference<>();
                Thread producer = new Thread(() -> produce(cluster.bootstrapServers(), topics.images(), sent, sendFailure), "events");
                producer.start();

                // when instance a is killed mid-stream (its tasks move to b, whose standbys hold their state) ...
                awaitCommitted(cluster, topics.predictions(), EVENTS / 5);
                a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                // ... and, while b carries the load alone, one broker is killed and comes back
                awaitCommitted(cluster, topics.predictions(), 2 * EVENTS / 5);
                cluster.kill(2);
                awaitCommitted(cluster, topics.predictions(), 3 * EVENTS / 5);
                cluster.start(2);
                cluster.awaitBrokers(3);
                // ... and instance a returns on its state
                a = JavaProcess.launch(StreamApp.class.getName(), first, dir.resolve("a.log"), "-Xmx768m");
                producer.join(Duration.ofSeconds(120).toMillis());

                // then every event was sent and has exactly one committed prediction (readPredictions fails on a duplicate)
                assertThat(sendFailure.get()).isNull();
                assertThat(sent.get()).isEqualTo(EVENTS);
                var predictions = Committed.readPredictions(cluster.bootstrapServers(), topics.predictions(), EVENTS,
                        Duration.ofSeconds(180));
                assertThat(predictions).hasSize(EVENTS);
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(predictions).containsKey("ev-" + i);
                }
                assertThat(b.isAlive()).as("the surviving instance kept running").isTrue();
            } finally {
                a.destroy();
                b.destroy();
                a.waitFor(30, TimeUnit.SECONDS);
                b.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Map<String, String> instanceEnvironment(KafkaCluster cluster, String run, Topics topics, Path models, String name) {
        return StreamAppConfig.builder().bootstrapServers(cluster.bootstrapServers()).applicationId(new TestRun(run).applicationId())
                .topics(topics).modelRegistry(models).metricsPort(0).stateDir(dir.resolve("state-" + name))
                .inputPartitions(4).streamThreads(1).standbyReplicas(1).monitorEnabled(false).environment();
    }

    /** Events at a steady rate, acknowledged by all in-sync replicas; retried through broker faults (idempotent). */
    private static void produce(String bootstrap, String topic, AtomicInteger sent, AtomicReference<Exception> failure) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000"), new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("event-id", ("ev-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic, null, ("ev-" + i).getBytes(StandardCharsets.UTF_8), Images.png(i), headers),
                        (meta, error) -> {
                            if (error == null) {
                                sent.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, error);
                            }
                        });
                long due = start + (i + 1) * 1_000_000_000L / RATE;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the load generator, not waiting for a result
                }
            }
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    private static void awaitTopic(KafkaCluster cluster, String topic) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> cluster.leaderOf(topic, 0).isPresent());
    }

    /** Waits until at least {@code count} predictions are committed. */
    private static void awaitCommitted(KafkaCluster cluster, String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "progress-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(java.util.List.of(topic));
            AtomicInteger seen = new AtomicInteger();
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(10))
                    .until(() -> seen.addAndGet(consumer.poll(Duration.ofMillis(200)).count()) >= count);
        }
    }
}
