package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.platform.kafka.TopicReader;
import io.emotionstream.schemas.GroupPseudonyms;
import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.Setting;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a run with good and refused images, no topic of the app's and no file of its local state holds a face, a
 * person id or a plain demographic value, except the images topic itself (within its retention) and the pending-images
 * changelog until compaction removes what is classified: read as a table, that changelog holds nothing. The
 * pseudonymised group reaches the monitor's feed and no public topic.
 */
class FacesAtRestIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    private static final String SUBJECT = "subject-4711";
    private static final String ETHNICITY = "ethnicity-value-q7";

    @Test
    void shouldKeepNoFacePixelsPersonIdsOrPlainGroupsAnywhereButTheImagesTopic() throws Exception {
        // given an app with the default settings but for ethnicity pseudonymised, and images naming a person and
        // their ethnicity: good ones, and refused ones
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "faces-model");
        byte[] key = "the pseudonym key of this run, 32".getBytes(StandardCharsets.UTF_8);
        StreamAppConfig config = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"))
                .set(Setting.GROUPS_PSEUDONYMISE, "ethnicity")
                .set(
                        Setting.GROUPS_PSEUDONYM_KEY_FILE,
                        Files.write(dir.resolve("key"), key).toString())
                .build();
        String pseudonym = GroupPseudonyms.of(key, Set.of("ethnicity")).pseudonym("ethnicity", ETHNICITY);
        Topics topics = config.topics();
        List<byte[]> faces = new ArrayList<>();
        String pendingChangelog = config.applicationId() + "-pending-images-changelog";

        try (StreamApp app = StreamApp.start(config);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            int good = 60;
            for (int i = 0; i < good; i++) {
                byte[] png = Images.png(3 * i + 1);
                faces.add(png);
                FaceImageEvent event = StreamAppIT.event("e" + i, png);
                event.setSubjectId(SUBJECT);
                event.setGroups(Map.of("ethnicity", ETHNICITY));
                producer.send(new ProducerRecord<>(
                        topics.images(),
                        StreamAppIT.utf8("e" + i),
                        Topics.imageEventSerde().encode(event)));
            }
            byte[] truncated = Arrays.copyOf(Images.png(250), 60);
            byte[] notAnImage = StreamAppIT.utf8("raw bytes of a camera that are not an image");
            faces.add(truncated);
            faces.add(notAnImage);
            for (byte[] refused : List.of(truncated, notAnImage)) {
                producer.send(new ProducerRecord<>(
                        topics.images(),
                        null,
                        StreamAppIT.utf8("refused-" + refused.length),
                        refused,
                        new RecordHeaders()
                                .add(RawImageHeaders.SUBJECT_ID, StreamAppIT.utf8(SUBJECT))
                                .add(RawImageHeaders.GROUP_PREFIX + "ethnicity", StreamAppIT.utf8(ETHNICITY))));
            }
            producer.flush();

            // when they are all answered: predictions for the good, dead letters for the refused
            assertThat(Committed.readPredictions(
                            kafka.bootstrapServers(), topics.predictions(), good, Duration.ofSeconds(90)))
                    .hasSize(good);
            assertThat(Committed.readRaw(kafka.bootstrapServers(), topics.deadLetters(), 2, Duration.ofSeconds(60)))
                    .hasSize(2);
        }

        // then no topic of the run but the images topic and the pending changelog's history holds a face or the id
        Set<String> scanned = new TreeSet<>();
        Set<String> withPseudonym = new TreeSet<>();
        List<String> found = new ArrayList<>();
        Map<Bytes, byte[]> pendingTable = new HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            for (String topic : admin.listTopics().names().get()) {
                if (!topic.endsWith(run) && !topic.startsWith(config.applicationId() + "-")) {
                    continue; // another test's
                }
                if (topic.equals(topics.images())) {
                    continue; // the input itself, kept for topic.images.retention
                }
                scanned.add(topic);
                TopicReader.readToEnd(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, Duration.ofSeconds(30), r -> {
                            if (topic.equals(pendingChangelog)) {
                                pendingTable.put(Bytes.wrap(r.key()), r.value());
                            } else {
                                found.addAll(personalContent(r, faces));
                                if (r.value() != null && contains(r.value(), StreamAppIT.utf8(pseudonym))) {
                                    withPseudonym.add(topic);
                                }
                            }
                        });
            }

            assertThat(scanned)
                    .contains(topics.predictions(), topics.deadLetters(), topics.monitorFeed(), pendingChangelog);
            assertThat(found).isEmpty();
            // the monitor gets the group, pseudonymised; the public topics do not get it at all
            assertThat(withPseudonym)
                    .contains(topics.monitorFeed())
                    .doesNotContain(topics.predictions(), topics.shadowPredictions(), topics.deadLetters());
            // the pending images, read as the store restores them: every classified image is tombstoned
            assertThat(pendingTable.values()).containsOnlyNulls();
            // and what the log still holds of them goes within minutes, not the broker's week
            Config changelog = config(admin, pendingChangelog);
            assertThat(changelog.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(Long.parseLong(changelog.get("segment.ms").value())).isLessThanOrEqualTo(600_000);
            assertThat(Long.parseLong(changelog.get("max.compaction.lag.ms").value()))
                    .isLessThanOrEqualTo(600_000);
            // and no file of the app's local state (RocksDB stores, checkpoints) holds one either
            try (Stream<Path> files = Files.walk(config.stateDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    byte[] content = Files.readAllBytes(file);
                    faces.stream()
                            .filter(face -> contains(content, face))
                            .forEach(face -> found.add(file + ": an image of " + face.length + " bytes"));
                }
            }
            assertThat(found).isEmpty();
            // and the faces themselves are kept a day, the monitor's feed a day, the dead letters' digests a week
            assertThat(config(admin, topics.images()).get("retention.ms").value())
                    .isEqualTo("86400000");
            assertThat(config(admin, topics.monitorFeed()).get("retention.ms").value())
                    .isEqualTo("86400000");
            assertThat(config(admin, topics.deadLetters()).get("retention.ms").value())
                    .isEqualTo("604800000");
        }
    }

    /** What in {@code r} (key, value, header values) holds one of the faces, the subject id or the plain group. */
    private static List<String> personalContent(ConsumerRecord<byte[], byte[]> r, List<byte[]> faces) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(r.key());
        parts.add(r.value());
        for (Header h : r.headers()) {
            parts.add(h.value());
        }
        List<String> found = new ArrayList<>();
        for (byte[] part : parts) {
            if (part == null) {
                continue;
            }
            if (contains(part, StreamAppIT.utf8(SUBJECT))) {
                found.add(r.topic() + "@" + r.offset() + ": the subject id");
            }
            if (contains(part, StreamAppIT.utf8(ETHNICITY))) {
                found.add(r.topic() + "@" + r.offset() + ": the plain ethnicity");
            }
            for (byte[] face : faces) {
                if (contains(part, face)) {
                    found.add(r.topic() + "@" + r.offset() + ": an image of " + face.length + " bytes");
                }
            }
        }
        return found;
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

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
