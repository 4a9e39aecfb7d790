package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamAppConfigBuilder;
import io.emotionstream.testkit.KafkaBroker;
import io.emotionstream.testkit.TestRun;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap bound, on a real process: {@code serve} with {@code -Xmx512m} and two stream threads takes the largest
 * images the memory budget accepts, on both partitions at once, and refuses larger ones by name
 * ({@code over_memory_budget}) instead of running out of memory. Without the budget, one 36-megapixel 16-bit RGBA
 * frame (within the pixel limit) needs ~480 MB to prepare: two at once end the JVM.
 */
class HeapBoundIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldPrepareTheLargestAcceptedImagesOnTwoThreadsWithin512MiB_andRefuseLargerOnesByName() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "heap-model");
        int metricsPort = freePort();
        // serve runs in a child process with a 512 MiB heap: its settings travel as variables
        StreamAppConfigBuilder settings = StreamAppConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(new TestRun(run).applicationId())
                .topics(new TestRun(run).topics())
                .modelRegistry(registry)
                .stateDir(dir.resolve("state"))
                .metricsPort(metricsPort)
                .streamThreads(2);
        Topics topics = settings.build().topics();
        Map<String, String> env = settings.environment();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.images(), 2, (short) 1)))
                    .all()
                    .get();
        }

        // given the largest images the 128 MiB budget accepts (8-bit RGB, 8-bit RGBA, 16-bit gray), and one it refuses
        Map<String, byte[]> accepted = Map.of(
                "rgb-3400x3500", png(new BufferedImage(3400, 3500, BufferedImage.TYPE_3BYTE_BGR)),
                "rgba-3300x3350", png(new BufferedImage(3300, 3350, BufferedImage.TYPE_4BYTE_ABGR)),
                "gray16-3600x3700", png(new BufferedImage(3600, 3700, BufferedImage.TYPE_USHORT_GRAY)));
        byte[] refused = png(rgba16(6000, 6000));

        Process app = launch(env, dir.resolve("serve.log"));
        long[] peakHeap = {0};
        try {
            // when both partitions get them at once, twice
            List<String> expectPrediction = new ArrayList<>();
            List<String> expectDeadLetter = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.request.size", 4 * 1024 * 1024),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int round = 0; round < 2; round++) {
                    for (int partition = 0; partition < 2; partition++) {
                        for (var image : accepted.entrySet()) {
                            String id = image.getKey() + "-" + round + "-" + partition;
                            send(producer, topics, partition, id, image.getValue());
                            expectPrediction.add(id);
                        }
                        String id = "rgba16-6000x6000-" + round + "-" + partition;
                        send(producer, topics, partition, id, refused);
                        expectDeadLetter.add(id);
                    }
                }
            }

            // then every accepted image is classified, every larger one a dead letter, and the process never died
            Map<String, String> answers = new ConcurrentHashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(topics)) {
                await().atMost(Duration.ofSeconds(240))
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("serve died (log: " + dir.resolve("serve.log") + ")", () -> !app.isAlive())
                        .untilAsserted(() -> {
                            peakHeap[0] = Math.max(peakHeap[0], heapUsed(metricsPort));
                            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                if (r.topic().equals(topics.predictions())) {
                                    answers.put(
                                            Topics.predictionSerde()
                                                    .decode(r.value())
                                                    .getEventId(),
                                            "prediction");
                                } else {
                                    answers.put(
                                            new String(r.key(), StandardCharsets.UTF_8),
                                            new String(
                                                    r.headers()
                                                            .lastHeader("dlq.reason")
                                                            .value(),
                                                    StandardCharsets.UTF_8));
                                }
                            }
                            assertThat(answers).hasSize(expectPrediction.size() + expectDeadLetter.size());
                        });
            }
            expectPrediction.forEach(id -> assertThat(answers).containsEntry(id, "prediction"));
            expectDeadLetter.forEach(id -> assertThat(answers).containsEntry(id, "over_memory_budget"));
            assertThat(app.isAlive()).isTrue();
            System.out.printf(
                    "heap bound: %d images prepared on 2 threads in -Xmx512m, peak heap used seen %.0f MiB%n",
                    expectPrediction.size(), peakHeap[0] / (1024.0 * 1024));
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain("OutOfMemoryError");
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, Topics topics, int partition, String id, byte[] image)
            throws Exception {
        FaceImageEvent event = FaceImageEvent.newBuilder()
                .setEventId(id)
                .setEventTime(Instant.now())
                .setSource("heap")
                .setImage(ByteBuffer.wrap(image))
                .setImageFormat(ImageFormat.PNG)
                .setSubjectId(null)
                .setLabel(EmotionLabel.HAPPINESS)
                .setGroups(Map.of())
                .build();
        producer.send(new ProducerRecord<>(
                        topics.images(),
                        partition,
                        id.getBytes(StandardCharsets.UTF_8),
                        Topics.imageEventSerde().encode(event)))
                .get();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Topics topics) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "group.id",
                        "heap-" + UUID.randomUUID(),
                        "auto.offset.reset",
                        "earliest",
                        "isolation.level",
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.predictions(), topics.deadLetters()));
        return consumer;
    }

    /** Heap in use now, from the app's own /metrics (0 while it is not up yet). */
    private static long heapUsed(int port) {
        try {
            String scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)")
                    .matcher(scrape);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return (long) sum;
        } catch (IOException | InterruptedException | RuntimeException notUpYet) {
            return 0;
        }
    }

    private static Process launch(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                "-Dorg.bytedeco.javacpp.platform.extension="
                        + System.getProperty("org.bytedeco.javacpp.platform.extension", ""),
                "-Demotion.log.level=warn",
                "-cp",
                System.getProperty("java.class.path"),
                StreamApp.class.getName());
        builder.environment().putAll(env);
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static BufferedImage rgba16(int width, int height) {
        ComponentColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_USHORT);
        return new BufferedImage(model, model.createCompatibleWritableRaster(width, height), false, null);
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
