package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.platform.kafka.TopicReader;
import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.monitor.BiasMonitorTopology;
import io.emotionstream.streamapp.privacy.Erasure;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code erase --subject} on a real broker: after a run in which one person's events were classified, refused,
 * labelled and left waiting for labels in the monitor, the erasure's receipt counts what it found, and afterwards,
 * across a restart of the app, no topic of the run holds the person's id or any of their event ids, and no
 * changelog, read as the app restores it, holds an entry of theirs; the app goes on classifying.
 */
class EraseIT {
    private static final String SUBJECT = "subject-to-erase-4711";

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldLeaveNothingOfThePersonReadable_acrossARestart_andSayWhatItRemoved() throws Exception {
        // given an app, the person's three events (no label yet), one refused raw image of theirs, a label for one of
        // their events, and another person's events
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "erase-model");
        StreamAppConfig config = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .build();
        Topics topics = config.topics();
        List<String> theirs = List.of("theirs-0", "theirs-1", "theirs-2", "theirs-refused");
        try (StreamApp app = StreamApp.start(config);
                KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(image(topics, "theirs-" + i, SUBJECT));
                producer.send(image(topics, "others-" + i, "someone-else"));
            }
            producer.send(new ProducerRecord<>(
                    topics.images(),
                    null,
                    utf8("theirs-refused"),
                    utf8("not an image, from their camera"),
                    new RecordHeaders()
                            .add(RawImageHeaders.EVENT_ID, utf8("theirs-refused"))
                            .add(RawImageHeaders.SUBJECT_ID, utf8(SUBJECT))));
            producer.send(new ProducerRecord<>(
                    topics.labels(),
                    utf8("theirs-0"),
                    Topics.labelSerde().encode(new GroundTruthLabel("theirs-0", "happy", Instant.now(), "it"))));
            producer.flush();
            assertThat(Committed.readPredictions(
                            kafka.bootstrapServers(), topics.predictions(), 6, Duration.ofSeconds(90)))
                    .hasSize(6);

            // when the person is erased while the app runs
            var receipt = new Erasure(config, Clock.systemUTC()).erase(SUBJECT, Duration.ofSeconds(60));

            // then the receipt says what was found where, and that nothing is left
            assertThat(receipt.outcome()).hasToString("COMPLETE");
            assertThat(receipt.events()).isEqualTo(4);
            assertThat(receipt.found())
                    .containsEntry(topics.images(), 4)
                    .containsEntry(topics.predictions(), 3)
                    .containsEntry(topics.monitorFeed(), 3)
                    .containsEntry(topics.deadLetters(), 1)
                    .containsEntry(topics.labels(), 1);
            assertThat(receipt.remaining()).isEmpty();
            assertThat(receipt.text()).contains("outcome:", "COMPLETE", topics.images() + ": 4 record(s)");
        }

        // and after a restart nothing of theirs can be read, while the app goes on with new events
        try (StreamApp restarted = StreamApp.start(config);
                KafkaProducer<byte[], byte[]> producer = producer()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> restarted.state() == KafkaStreams.State.RUNNING);
            producer.send(image(topics, "after-erasure", "someone-else"));
            producer.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> readAll(topics.predictions()).stream()
                            .anyMatch(r -> r.key() != null
                                    && new String(r.key(), StandardCharsets.UTF_8).equals("after-erasure")));

            List<String> found = new ArrayList<>();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                for (String topic : admin.listTopics().names().get()) {
                    if (topic.endsWith(run) || topic.startsWith(config.applicationId() + "-")) {
                        found.addAll(traces(topic, theirs, liveOnly(topic, config)));
                    }
                }
            }
            assertThat(found).isEmpty();
        }
    }

    @Test
    void shouldSaySoWhenNoRecordNamesThePerson() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StreamAppConfig config = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(config.topics().images(), 1, (short) 1)))
                    .all()
                    .get();
        }

        var receipt = new Erasure(config, Clock.systemUTC()).erase("nobody-known", Duration.ofSeconds(5));

        assertThat(receipt.outcome()).hasToString("UNKNOWN_SUBJECT");
        assertThat(receipt.found()).isEmpty();
    }

    /** Changelogs are read as the app restores them (latest value per key); other topics record by record. */
    private static boolean liveOnly(String topic, StreamAppConfig config) {
        return topic.endsWith("-changelog")
                && (topic.startsWith(BiasMonitorTopology.applicationId(config.applicationId()) + "-")
                        || topic.startsWith(config.applicationId() + "-"));
    }

    private List<String> traces(String topic, List<String> eventIds, boolean liveOnly) {
        Map<Bytes, ConsumerRecord<byte[], byte[]>> latest = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
            if (liveOnly && r.key() != null) {
                latest.put(Bytes.wrap(r.key()), r);
            } else {
                all.add(r);
            }
        }
        latest.values().stream().filter(r -> r.value() != null).forEach(all::add);
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : all) {
            List<byte[]> parts = new ArrayList<>();
            parts.add(r.key());
            parts.add(r.value());
            for (Header h : r.headers()) {
                parts.add(h.value());
            }
            for (byte[] part : parts) {
                if (part == null) {
                    continue;
                }
                if (contains(part, utf8(SUBJECT))) {
                    found.add(topic + "@" + r.partition() + "/" + r.offset() + ": the subject id");
                }
                for (String id : eventIds) {
                    if (contains(part, utf8(id))) {
                        found.add(topic + "@" + r.partition() + "/" + r.offset() + ": event " + id);
                    }
                }
            }
        }
        return found;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicReader.readToEnd(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, Duration.ofSeconds(30), records::add);
        return records;
    }

    private static ProducerRecord<byte[], byte[]> image(Topics topics, String id, String subject) throws Exception {
        FaceImageEvent event = StreamAppIT.event(id, Images.png(id.hashCode() & 0xff));
        event.setSubjectId(subject);
        event.setLabel(null);
        return new ProducerRecord<>(
                topics.images(), utf8(id), Topics.imageEventSerde().encode(event));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
