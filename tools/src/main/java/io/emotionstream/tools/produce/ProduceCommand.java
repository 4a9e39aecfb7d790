package io.emotionstream.tools.produce;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.platform.config.Durations;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.registry.AvroCodec;
import io.emotionstream.schemas.registry.RestSchemaRegistry;
import io.emotionstream.schemas.registry.SchemaRegistry;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.trainer.cli.CommonOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./emotion-stream produce}: streams a dataset's images (with labels and group attributes) to the images
 * topic at a chosen rate, as Avro {@code FaceImageEvent}s or as raw image bytes with metadata headers, from the
 * same dataset loaders and synthetic faces the trainer reads.
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = "Stream a folder, CSV index or synthetic population of face images to the images topic.")
public final class ProduceCommand implements Callable<Integer> {
    /** Exit code when the run was interrupted (as a shell reports Ctrl-C). */
    public static final int INTERRUPTED = 130;

    @Mixin
    CommonOptions.Data data;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:EMOTION_STREAM_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka to produce to (default: ${DEFAULT-VALUE}, the embedded broker of 'serve').")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = "emotion.images",
            description = "Images topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--rate",
            defaultValue = "100",
            description = "Images per second; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--limit",
            defaultValue = "0",
            description = "Stop after this many images; 0 sends the dataset once (default), cycling when larger.")
    int limit;

    @Option(
            names = "--encoding",
            defaultValue = "avro",
            description = "avro (FaceImageEvent, single-object encoding) or raw (image bytes, metadata in headers).")
    String encoding;

    @Option(names = "--no-labels", description = "Leave the ground truth out (it may arrive later on a labels topic).")
    boolean noLabels;

    @Option(
            names = "--labels-topic",
            paramLabel = "TOPIC",
            description = "Send the ground truth later, as GroundTruthLabel "
                    + "records to this topic (e.g. emotion.labels), instead of inside the events.")
    String labelsTopic;

    @Option(
            names = "--label-delay",
            defaultValue = "0s",
            description = "With --labels-topic: how long after its image each "
                    + "label is sent, e.g. 30s or 5m (default: ${DEFAULT-VALUE}).")
    String labelDelay;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for synthetic faces.")
    long seed;

    @Option(
            names = "--schema-registry",
            paramLabel = "URL",
            description = "Write Avro in the Confluent wire format, "
                    + "the schemas registered under TOPIC-value at this registry (Confluent Schema Registry's root, or Apicurio "
                    + "Registry's /apis/ccompat/v7); default: single-object encoding, no registry.")
    URI schemaRegistry;

    @Option(
            names = "--id-prefix",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "Put before every event id, "
                    + "e.g. one per run so a rerun's events are new events rather than repeats of the last run's.")
    String idPrefix;

    private AvroCodec<FaceImageEvent> events;
    private AvroCodec<GroundTruthLabel> labels;

    private record Item(
            String id, byte[] image, Emotion label, String subject, Map<String, String> groups, String source) {}

    @Override
    public Integer call() throws Exception {
        if (!encoding.equals("avro") && !encoding.equals("raw")) {
            throw new IllegalArgumentException("unknown encoding '" + encoding + "' (expected avro or raw)");
        }
        requireTopic();
        Optional<SchemaRegistry> registry =
                Optional.ofNullable(schemaRegistry).map(url -> new RestSchemaRegistry(url, Duration.ofSeconds(10)));
        WireFormat format = registry.isPresent() ? WireFormat.CONFLUENT : WireFormat.SINGLE_OBJECT;
        events = new AvroCodec<>(
                Topics.imageEventSerde(),
                FaceImageEvent.getClassSchema(),
                format,
                registry,
                SchemaRegistry.valueSubject(topic));
        labels = new AvroCodec<>(
                Topics.labelSerde(),
                GroundTruthLabel.getClassSchema(),
                format,
                registry,
                SchemaRegistry.valueSubject(labelsTopic == null ? topic : labelsTopic));
        List<Item> items = items();
        int total = limit > 0 ? limit : items.size();
        Map<String, Object> props = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG,
                "5",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                "15000");
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long delayNanos = labelDelay.matches("0+[smhd]?")
                ? 0
                : Durations.parse("--label-delay", labelDelay).toNanos();
        ArrayDeque<LaterLabel> laterLabels = new ArrayDeque<>();
        Callback onFailure = (meta, error) -> {
            if (error != null && failed.getAndIncrement() == 0) {
                System.err.println("emotion-stream produce: send failed: " + error.getMessage());
            }
        };
        int sent = 0;
        // An interrupt (the demo stopping, or any embedding caller) ends the run: whatever was sent is flushed as the
        // producer closes, before its caller takes the broker down.
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long lastReport = start;
            for (int i = 0; i < total; i++) {
                Item item = items.get(i % items.size());
                String eventId = idPrefix + item.id() + (i >= items.size() ? "#" + (i / items.size()) : "");
                producer.send(record(item, eventId), onFailure);
                if (labelsTopic != null) {
                    laterLabels.add(new LaterLabel(System.nanoTime() + delayNanos, item, eventId));
                }
                sendDueLabels(producer, laterLabels, onFailure, System.nanoTime());
                sent = i + 1;
                pace(start, i + 1);
                long now = System.nanoTime();
                if (!quiet && (now - lastReport > 1_000_000_000L || i + 1 == total)) {
                    System.err.printf(
                            "\rproduced %d/%d (%.0f images/s)   ", i + 1, total, (i + 1) / ((now - start) / 1e9));
                    lastReport = now;
                }
            }
            while (!laterLabels.isEmpty()) {
                long wait = laterLabels.peek().dueNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000 + 1);
                }
                sendDueLabels(producer, laterLabels, onFailure, System.nanoTime());
            }
            producer.flush();
        } catch (InterruptedException | InterruptException stopped) {
            Thread.currentThread().interrupt();
            System.out.printf("stopped after %d images to %s on %s%n", sent, topic, bootstrapServers);
            return INTERRUPTED;
        }
        if (!quiet) {
            System.err.println();
        }
        if (failed.get() > 0) {
            System.err.println("emotion-stream produce: error: " + failed.get() + " sends failed");
            return 1;
        }
        System.out.printf("sent %d images to %s on %s%n", total, topic, bootstrapServers);
        return 0;
    }

    /** Fails in one line, before loading any image, when the broker is unreachable or the topic is missing. */
    private void requireTopic() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG,
                "10000",
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "15000"))) {
            admin.describeTopics(List.of(topic)).allTopicNames().get();
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof UnknownTopicOrPartitionException
                    ? "topic " + topic + " does not exist on " + bootstrapServers
                            + " (./emotion-stream serve creates it)"
                    : "cannot reach Kafka at " + bootstrapServers + ": "
                            + e.getCause().getMessage();
            throw new IllegalArgumentException(why);
        }
    }

    private record LaterLabel(long dueNanos, Item item, String eventId) {}

    private void sendDueLabels(
            KafkaProducer<byte[], byte[]> producer, ArrayDeque<LaterLabel> labels, Callback onFailure, long now) {
        while (!labels.isEmpty() && labels.peek().dueNanos() <= now) {
            LaterLabel later = labels.poll();
            producer.send(labelRecord(later.item(), later.eventId()), onFailure);
        }
    }

    /** The label of an event as the labels topic carries it, keyed by event id like the event, given now. */
    private ProducerRecord<byte[], byte[]> labelRecord(Item item, String eventId) {
        var label = new GroundTruthLabel(eventId, item.label().label(), Instant.now(), "produce");
        return new ProducerRecord<>(labelsTopic, eventId.getBytes(StandardCharsets.UTF_8), labels.encode(label));
    }

    private ProducerRecord<byte[], byte[]> record(Item item, String eventId) {
        byte[] key = eventId.getBytes(StandardCharsets.UTF_8);
        Emotion label = noLabels || labelsTopic != null ? null : item.label();
        if (encoding.equals("raw")) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(RawImageHeaders.EVENT_ID, key);
            headers.add(RawImageHeaders.SOURCE, item.source().getBytes(StandardCharsets.UTF_8));
            if (label != null) {
                headers.add(RawImageHeaders.LABEL, label.label().getBytes(StandardCharsets.UTF_8));
            }
            headers.add(RawImageHeaders.SUBJECT_ID, item.subject().getBytes(StandardCharsets.UTF_8));
            item.groups()
                    .forEach((k, v) ->
                            headers.add(RawImageHeaders.GROUP_PREFIX + k, v.getBytes(StandardCharsets.UTF_8)));
            return new ProducerRecord<>(topic, null, key, item.image(), headers);
        }
        FaceImageEvent event = FaceImageEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(Instant.now())
                .setSource(item.source())
                .setImage(ByteBuffer.wrap(item.image()))
                .setImageFormat(ImageFormat.UNKNOWN)
                .setSubjectId(item.subject())
                .setLabel(label == null ? null : EmotionLabel.valueOf(label.name()))
                .setGroups(item.groups())
                .build();
        return new ProducerRecord<>(topic, key, events.encode(event));
    }

    private static String source(String spec) {
        return spec.startsWith("synthetic:")
                ? "synthetic"
                : Path.of(spec).getFileName().toString();
    }

    private void pace(long start, int sent) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long due = start + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Every image of every --data spec; several specs are interleaved (a mixed stream), one after the other within each. */
    private List<Item> items() {
        List<List<Item>> perSpec = new ArrayList<>();
        for (String spec : data.specs()) {
            perSpec.add(spec.startsWith("synthetic:") ? synthetic(spec) : files(spec));
        }
        List<Item> items = new ArrayList<>();
        int longest = perSpec.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<Item> spec : perSpec) {
                if (i < spec.size()) {
                    items.add(spec.get(i));
                }
            }
        }
        return items;
    }

    private List<Item> synthetic(String spec) {
        Population population = Population.parse(spec.split(":")[1]);
        int count = Math.min(Math.max(limit, 6 * DataSources.DEFAULT_SYNTHETIC_SUBJECTS), 2000);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Emotion emotion = Emotion.SIX.get(i % Emotion.SIX_COUNT);
            Map<String, String> g = new LinkedHashMap<>(SyntheticFaces.groups(population));
            g.putAll(data.groups());
            items.add(new Item(
                    population.code() + "-" + i,
                    SyntheticFaces.png(population, emotion, seed * 100_003 + i),
                    emotion,
                    population.code() + "-s" + (i / Emotion.SIX_COUNT),
                    g,
                    source(spec)));
        }
        return items;
    }

    private List<Item> files(String spec) {
        Path path = Path.of(spec);
        Dataset dataset = DataSources.load(spec, data.format(), data.groups(), seed);
        Path base = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        List<Item> items = new ArrayList<>();
        for (Sample s : dataset.samples()) {
            try {
                items.add(new Item(
                        dataset.name() + "/" + s.id(),
                        Files.readAllBytes(base.resolve(s.id())),
                        s.label(),
                        s.subject(),
                        s.groups(),
                        source(spec)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + base.resolve(s.id()), e);
            }
        }
        return items;
    }
}
