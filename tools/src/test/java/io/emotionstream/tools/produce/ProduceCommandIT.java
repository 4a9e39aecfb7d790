package io.emotionstream.tools.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.tools.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProduceCommandIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void shouldSendLabelsLaterToTheLabelsTopicWhenAsked() throws Exception {
        String images = createTopic("produce-images-");
        String labels = createTopic("produce-labels-");

        long start = System.currentTimeMillis();
        int code = Tools.execute(
                "produce",
                "--data",
                "synthetic:b",
                "--limit",
                "10",
                "--rate",
                "0",
                "--labels-topic",
                labels,
                "--label-delay",
                "2s",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                images);

        assertThat(code).isZero();
        List<FaceImageEvent> events = read(images, 10).stream()
                .map(r -> Topics.imageEventSerde().decode(r.value()))
                .toList();
        var sent = read(labels, 10).stream()
                .map(r -> Topics.labelSerde().decode(r.value()))
                .toList();
        assertThat(events).allSatisfy(e -> assertThat(e.getLabel()).isNull());
        assertThat(sent)
                .extracting(l -> l.getEventId())
                .containsExactlyElementsOf(
                        events.stream().map(FaceImageEvent::getEventId).toList());
        assertThat(sent)
                .allSatisfy(l -> assertThat(l.getLabelledAt().toEpochMilli()).isGreaterThanOrEqualTo(start + 2000));
    }

    @Test
    void shouldStreamLabelledSyntheticFacesAsAvroEvents() throws Exception {
        String topic = createTopic("produce-avro-");

        int code = Tools.execute(
                "produce",
                "--data",
                "synthetic:b",
                "--limit",
                "30",
                "--rate",
                "0",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--group",
                "camera=lobby");

        assertThat(code).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, 30);
        assertThat(records).hasSize(30);
        FaceImageEvent first = Topics.imageEventSerde().decode(records.get(0).value());
        assertThat(first.getLabel()).isNotNull();
        assertThat(first.getGroups()).containsEntry("population", "b").containsEntry("camera", "lobby");
        assertThat(first.getImage().remaining()).isPositive();
        assertThat(records)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldStreamRawImagesWithMetadataHeaders() throws Exception {
        String topic = createTopic("produce-raw-");

        int code = Tools.execute(
                "produce",
                "--data",
                "synthetic:a",
                "--limit",
                "12",
                "--rate",
                "0",
                "--encoding",
                "raw",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                topic);

        assertThat(code).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, 12);
        assertThat(records).hasSize(12);
        ConsumerRecord<byte[], byte[]> r = records.get(0);
        assertThat(r.value()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(header(r, "event-id")).isEqualTo(new String(r.key(), StandardCharsets.UTF_8));
        assertThat(header(r, "label")).isNotBlank();
        assertThat(header(r, "group.population")).isEqualTo("a");
    }

    @Test
    void shouldStopWhenInterruptedAndDeliverWhatItSentBeforeReturning() throws Exception {
        // given produce running without end (a limit it will not reach) inside this JVM, as the demo runs it
        String topic = createTopic("produce-interrupted-");
        AtomicInteger code = new AtomicInteger(-1);
        Thread producing = new Thread(
                () -> code.set(Tools.execute(
                        "produce",
                        "--data",
                        "synthetic:a",
                        "--limit",
                        "1000000",
                        "--rate",
                        "50",
                        "--id-prefix",
                        "run-7/",
                        "--quiet",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        topic)),
                "producing");
        producing.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !read(topic, 5, Duration.ofMillis(500)).isEmpty());

        // when its thread is interrupted
        producing.interrupt();
        producing.join(Duration.ofSeconds(20).toMillis());

        // then it has returned the interrupted exit code, and its events carry the run's prefix
        assertThat(producing.isAlive()).isFalse();
        assertThat(code.get()).isEqualTo(ProduceCommand.INTERRUPTED);
        assertThat(read(topic, Integer.MAX_VALUE, Duration.ofSeconds(3)))
                .isNotEmpty()
                .allSatisfy(r ->
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("run-7/a-"));
    }

    @Test
    void shouldRefuseInOneLineWhenTheTopicDoesNotExist() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Tools.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute(
                "produce",
                "--data",
                "synthetic:a",
                "--limit",
                "1",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "no-such-topic");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().trim()).doesNotContain("\n").contains("topic no-such-topic does not exist");
    }

    private static String createTopic(String prefix) throws Exception {
        String topic = prefix + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        return read(topic, expected, Duration.ofSeconds(30));
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration atMost) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "group.id",
                        "verify-" + UUID.randomUUID(),
                        "auto.offset.reset",
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + atMost.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        var h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
