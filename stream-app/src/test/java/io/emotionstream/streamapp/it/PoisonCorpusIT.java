package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.Setting;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.testkit.PoisonCorpus;
import io.emotionstream.streamapp.testkit.PoisonCorpus.Poison;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus (testkit.PoisonCorpus, every kind in docs/reliability.md) through a running app on a real
 * broker, twice: the second round is produced while the first app is still running and the app is closed at once, so
 * a new app starts with poison waiting in its partitions. Every input gets exactly one answer (a prediction or a dead
 * letter with the reason the contract names), no client ever stops, and the restarted app is healthy.
 */
class PoisonCorpusIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    /** A sent record and where it landed. */
    private record Sent(Poison poison, String topic, int partition, long offset) {
        String origin() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    @Test
    void shouldAnswerEveryPoisonExactlyOnce_acrossARestart_withoutEverStopping() throws Exception {
        // given a running app (classifier and bias monitor) with a model
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "it-model");
        StreamAppConfig config = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .set(Setting.SOURCE_CONTEXTS, PoisonCorpus.WORKPLACE_SOURCE + "=workplace")
                .build();
        List<Sent> sent = new ArrayList<>();

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.request.size", 2 * 1024 * 1024),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
                Answers answers = new Answers(config.topics())) {
            StreamApp first = StreamApp.start(config);
            try {
                // when the first round goes through it
                List<Poison> round1 = PoisonCorpus.kinds("r1-" + run, Instant.now());
                sent.addAll(send(producer, config.topics(), round1));
                awaitAnswered(answers, sent, first);
                assertHealthy(first);

                // and the second round arrives just as the app stops
                sent.addAll(send(producer, config.topics(), PoisonCorpus.kinds("r2-" + run, Instant.now())));
            } finally {
                first.close();
            }
            assertThat(first.state()).isNotEqualTo(KafkaStreams.State.ERROR);

            // then a new app starts with the poison waiting, answers it all, and stays healthy
            try (StreamApp second = StreamApp.start(config)) {
                awaitAnswered(answers, sent, second);
                answers.drainFor(Duration.ofSeconds(3)); // duplicates would show up now
                assertHealthy(second);
            }

            assertThat(round1Size(sent)).isGreaterThanOrEqualTo(50);
            assertEveryAnswerExactlyOnce(answers, sent);
        }
    }

    private static List<Sent> send(KafkaProducer<byte[], byte[]> producer, Topics topics, List<Poison> corpus)
            throws Exception {
        List<Sent> sent = new ArrayList<>();
        for (Poison poison : corpus) {
            String topic = switch (poison.target()) {
                case IMAGES -> topics.images();
                case LABELS -> topics.labels();
                case MONITOR_FEED -> topics.monitorFeed();
                case ERASURES -> topics.erasures();
            };
            RecordMetadata at = producer.send(new ProducerRecord<>(
                            topic, null, poison.timestamp(), poison.key(), poison.value(), poison.headers()))
                    .get();
            sent.add(new Sent(poison, topic, at.partition(), at.offset()));
        }
        return sent;
    }

    private static void awaitAnswered(Answers answers, List<Sent> sent, StreamApp app) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    answers.poll();
                    assertThat(app.state())
                            .as("classifier")
                            .isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
                    assertThat(app.monitorState())
                            .as("monitor")
                            .hasValueSatisfying(s ->
                                    assertThat(s).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR));
                    List<String> unanswered = sent.stream()
                            .filter(s -> !answers.answered(s))
                            .map(answers::describe)
                            .toList();
                    assertThat(unanswered).as("inputs without an answer yet").isEmpty();
                });
    }

    /** Running (a rebalance is normal when an instance comes or goes) and /health says so. */
    private static void assertHealthy(StreamApp app) throws Exception {
        assertThat(app.state().isRunningOrRebalancing())
                .as("classifier " + app.state())
                .isTrue();
        assertThat(app.monitorState())
                .hasValueSatisfying(s -> assertThat(s.isRunningOrRebalancing())
                        .as("monitor " + s)
                        .isTrue());
        int health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(health).isEqualTo(200);
    }

    private static void assertEveryAnswerExactlyOnce(Answers answers, List<Sent> sent) {
        SoftAssertions softly = new SoftAssertions();
        for (Sent s : sent) {
            String expected = s.poison().expected();
            List<String> deadLetterReasons = answers.deadLetters.getOrDefault(s.origin(), List.of());
            int predictions =
                    answers.championPredictions.getOrDefault(s.poison().keyText(), 0);
            String kind = s.poison().kind() + " (" + s.origin() + ")";
            switch (expected) {
                case PoisonCorpus.PREDICTION -> {
                    softly.assertThat(predictions).as(kind + ": one prediction").isEqualTo(1);
                    softly.assertThat(deadLetterReasons)
                            .as(kind + ": no dead letter")
                            .isEmpty();
                }
                case PoisonCorpus.COUNTED ->
                    softly.assertThat(deadLetterReasons)
                            .as(kind + ": no dead letter")
                            .isEmpty();
                default -> {
                    softly.assertThat(deadLetterReasons)
                            .as(kind + ": one dead letter with its reason")
                            .containsExactly(expected);
                    softly.assertThat(predictions).as(kind + ": no prediction").isZero();
                }
            }
        }
        softly.assertAll();
    }

    private static long round1Size(List<Sent> sent) {
        return sent.stream() // a poison without a key (an erasure request) is not counted
                .filter(s ->
                        s.poison().keyText() != null && s.poison().keyText().contains("-r1-"))
                .count();
    }

    /** Everything the app answered, read committed: dead letters by the origin they name, predictions by event id. */
    private static final class Answers implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Topics topics;
        final Map<String, List<String>> deadLetters = new HashMap<>();
        final Map<String, Integer> championPredictions = new HashMap<>();

        Answers(Topics topics) {
            this.topics = topics;
            this.consumer = new KafkaConsumer<>(
                    Map.of(
                            "bootstrap.servers",
                            kafka.bootstrapServers(),
                            "group.id",
                            "answers-" + UUID.randomUUID(),
                            "auto.offset.reset",
                            "earliest",
                            "isolation.level",
                            "read_committed",
                            "max.partition.fetch.bytes",
                            32 * 1024 * 1024),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(topics.deadLetters(), topics.predictions()));
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.topic().equals(topics.deadLetters())) {
                    String origin =
                            header(r, "dlq.topic") + "/" + header(r, "dlq.partition") + "/" + header(r, "dlq.offset");
                    deadLetters.computeIfAbsent(origin, o -> new ArrayList<>()).add(header(r, "dlq.reason"));
                } else {
                    prediction(r.value())
                            .filter(p -> p.getRole() == ModelRole.CHAMPION
                                    && p.getModelName().equals("it-model"))
                            .ifPresent(p -> championPredictions.merge(p.getEventId(), 1, Integer::sum));
                }
            }
        }

        void drainFor(Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                poll();
            }
        }

        boolean answered(Sent s) {
            return switch (s.poison().expected()) {
                case PoisonCorpus.PREDICTION ->
                    championPredictions.containsKey(s.poison().keyText());
                case PoisonCorpus.COUNTED -> true;
                default -> deadLetters.containsKey(s.origin());
            };
        }

        String describe(Sent s) {
            return s.poison().kind() + " at " + s.origin() + ": expected "
                    + s.poison().expected() + ", dead letters "
                    + deadLetters.getOrDefault(s.origin(), List.of()) + ", predictions "
                    + championPredictions.getOrDefault(s.poison().keyText(), 0);
        }

        /** The corpus writes junk and forgeries to the predictions topic too: those are not the app's answers. */
        private static Optional<EmotionPrediction> prediction(byte[] value) {
            try {
                return Optional.of(Topics.predictionSerde().decode(value));
            } catch (RuntimeException notOurs) {
                return Optional.empty();
            }
        }

        private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
            var h = r.headers().lastHeader(key);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
