package io.emotionstream.tools.benchstream;

import io.emotionstream.broker.EmbeddedKafka;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.ImageLimits;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.platform.kafka.TopicCreation;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.classify.BundleClassifier;
import io.emotionstream.streamapp.config.Setting;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.trainer.report.ReportJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./emotion-stream bench-stream}: end-to-end speed of the stream app on this machine, broker included.
 * <ol>
 *   <li>throughput: N real 48x48 PNG events waiting in the images topic; the app starts; images/s from the app
 *       reaching RUNNING to the last prediction visible to a read_committed consumer (exactly-once on); run
 *       twice in the same JVM: cold (JIT compiling) and warm (sustained);</li>
 *   <li>latency: events offered at a fixed rate; per event, from send to visible to a read_committed consumer;</li>
 *   <li>model only: the same network's forward passes at batch 32, one caller per stream thread, no Kafka.</li>
 * </ol>
 * Arguments: {@code [events=20000] [rate=500] [seconds=20] [threads=2] [commitMs=100] [latencyCommitMs=20]}.
 * Environment: {@code BENCH_FACE=none|detect|detect-fast|align} (the served model's face location, and a
 * preprocessing-only measurement first), {@code BENCH_IMAGES}, {@code BENCH_FRAME}
 * ({@link BenchImages}), {@code BENCH_REPORT} (the JSON report, default {@code reports/bench/stream.json};
 * {@code bench/stream-vs-pytorch.sh} puts the PyTorch reference beside it).
 */
@Command(
        name = "bench-stream",
        mixinStandardHelpOptions = true,
        description = "End-to-end throughput and latency of the stream app on an embedded broker (docs/benchmarks.md).")
public final class StreamBenchmark implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "20000",
            description = "events for each throughput run (default: ${DEFAULT-VALUE})")
    int events;

    @Parameters(
            index = "1",
            arity = "0..1",
            defaultValue = "500",
            description = "events/s offered in the latency run (default: ${DEFAULT-VALUE})")
    int rate;

    @Parameters(
            index = "2",
            arity = "0..1",
            defaultValue = "20",
            description = "seconds of the latency run (default: ${DEFAULT-VALUE})")
    int seconds;

    @Parameters(
            index = "3",
            arity = "0..1",
            defaultValue = "2",
            description = "stream threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Parameters(
            index = "4",
            arity = "0..1",
            defaultValue = "100",
            description = "commit interval of the throughput runs, ms (default: ${DEFAULT-VALUE})")
    int commitMs;

    @Parameters(
            index = "5",
            arity = "0..1",
            defaultValue = "20",
            description = "commit interval of the latency run, ms (default: ${DEFAULT-VALUE})")
    int latencyCommitMs;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("emotion-stream-bench-");
        Path registry = work.resolve("models");
        FaceLocation face = FaceLocation.parse(System.getenv().getOrDefault("BENCH_FACE", "none"));
        List<byte[]> images = BenchImages.fromEnvironment(System.getenv());
        ModelBundle bundle = publishModel(registry, face);
        Map<String, Object> report = new HashMap<>();
        report.put("images", BenchImages.describe(System.getenv()));
        report.put("face_location", face.code());
        report.put("preprocess_only_images_per_second", preprocessOnly(face, images));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            report.put("model_only_images_per_second_batch32", modelOnly(bundle, threads));
            // The first app run in a JVM pays for JIT compilation (C2 alone takes ~15% of the 2 cores for its first
            // ~40 s); both figures are reported, the second is the sustained rate of a warmed-up server.
            AppAccess plaintext = AppAccess.plaintext(kafka);
            report.put(
                    "throughput_cold",
                    throughput(kafka, plaintext, registry, work, images, new Run(events, threads, commitMs, "cold")));
            report.put(
                    "throughput",
                    throughput(kafka, plaintext, registry, work, images, new Run(events, threads, commitMs, "warm")));
            report.put("latency", latency(kafka, registry, work, images, rate, seconds, threads, latencyCommitMs));
        }
        Path reportFile = Path.of(System.getenv().getOrDefault("BENCH_REPORT", "reports/bench/stream.json"));
        ReportJson.write(reportFile, new TreeMap<>(report));
        System.out.println(report);
        System.err.println("report: " + reportFile.toAbsolutePath());
        return 0;
    }

    /**
     * How the app under test reaches the broker: a listener and the {@code kafka.*} settings for it (none for the
     * plaintext listener). The benchmark's own producer and reader always use the plaintext one.
     */
    record AppAccess(String bootstrapServers, Map<String, String> kafkaSettings, Consumer<StreamAppConfig> prepare) {
        static AppAccess plaintext(EmbeddedKafka kafka) {
            return new AppAccess(kafka.bootstrapServers(), Map.of(), config -> {});
        }
    }

    /** One throughput run: events waiting, stream threads, commit interval, and its name in the log. */
    record Run(int events, int threads, int commitMs, String phase) {}

    /** Images/s of the app through {@code access}, from RUNNING to the last of {@code run.events()} answered. */
    static Map<String, Object> throughput(
            EmbeddedKafka kafka, AppAccess access, Path registry, Path work, List<byte[]> pngs, Run run)
            throws Exception {
        int events = run.events();
        int threads = run.threads();
        int commitMs = run.commitMs();
        String phase = run.phase();
        StreamAppConfig config = config(access, registry, work, "tp", threads, commitMs);
        access.prepare().accept(config);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            // topics are created by the app; create the input first so events can wait in it (writable on return)
            try (var admin =
                    Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                TopicCreation.createIfAbsent(
                        admin, List.of(new NewTopic(config.topics().images(), 2, (short) 1)));
            }
            List<Future<?>> sends = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                sends.add(producer.send(new ProducerRecord<>(
                        config.topics().images(), ("t" + i).getBytes(), event("t" + i, pngs.get(i % pngs.size())))));
            }
            producer.flush();
            for (var send : sends) {
                send.get(); // a failed send must stop the benchmark, not leave it waiting for predictions that
                // never come
            }
        }
        System.err.printf("throughput (%s): %d events waiting; starting the app%n", phase, events);
        // Every event ends as a prediction or a dead letter (e.g. no_face): both are counted, so neither hangs the run.
        try (StreamApp app = StreamApp.start(config);
                KafkaConsumer<byte[], byte[]> consumer = consumer(
                        kafka, config.topics().predictions(), config.topics().deadLetters())) {
            while (app.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            int seen = 0;
            int deadLetters = 0;
            while (seen < events
                    && System.nanoTime() - start < Duration.ofMinutes(10).toNanos()) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    seen++;
                    deadLetters += r.topic().equals(config.topics().deadLetters()) ? 1 : 0;
                }
            }
            double secondsTaken = (System.nanoTime() - start) / 1e9;
            double perSecond = seen / secondsTaken;
            System.err.printf(
                    Locale.ROOT,
                    "throughput (%s): %d events answered (%d dead letters) in %.2f s = %.0f images/s "
                            + "(exactly-once, %d stream thread(s))%n",
                    phase,
                    seen,
                    deadLetters,
                    secondsTaken,
                    perSecond,
                    threads);
            return Map.of(
                    "events",
                    seen,
                    "dead_letters",
                    deadLetters,
                    "seconds",
                    secondsTaken,
                    "images_per_second",
                    perSecond,
                    "stream_threads",
                    threads,
                    "commit_interval_ms",
                    commitMs);
        }
    }

    private static Map<String, Object> latency(
            EmbeddedKafka kafka,
            Path registry,
            Path work,
            List<byte[]> pngs,
            int rate,
            int seconds,
            int threads,
            int commitMs)
            throws Exception {
        StreamAppConfig config = config(AppAccess.plaintext(kafka), registry, work, "lat", threads, commitMs);
        List<Long> latencies = new ArrayList<>();
        try (StreamApp app = StreamApp.start(config);
                KafkaConsumer<byte[], byte[]> consumer = consumer(
                        kafka, config.topics().predictions(), config.topics().deadLetters());
                KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            while (app.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(10);
            }
            int total = rate * seconds;
            Set<String> pending = new HashSet<>();
            long start = System.nanoTime();
            int sent = 0;
            int answered = 0;
            while (answered < total
                    && System.nanoTime() - start
                            < Duration.ofSeconds(seconds + 60).toNanos()) {
                long due = start + (long) (sent * 1e9 / rate);
                while (sent < total && System.nanoTime() >= due) {
                    String id = "l" + sent;
                    producer.send(new ProducerRecord<>(
                            config.topics().images(), id.getBytes(), event(id, pngs.get(sent % pngs.size()))));
                    pending.add(id);
                    sent++;
                    due = start + (long) (sent * 1e9 / rate);
                }
                for (var r : consumer.poll(Duration.ofMillis(1))) {
                    if (r.topic().equals(config.topics().deadLetters())) {
                        answered += pending.remove(new String(r.key(), StandardCharsets.UTF_8)) ? 1 : 0;
                        continue;
                    }
                    EmotionPrediction p = Topics.predictionSerde().decode(r.value());
                    if (pending.remove(p.getEventId())) {
                        answered++;
                        if (Integer.parseInt(p.getEventId().substring(1)) >= rate) { // the first second is warm-up
                            latencies.add(System.currentTimeMillis()
                                    - p.getEventTime().toEpochMilli());
                        }
                    }
                }
            }
        }
        latencies.sort(Long::compare);
        long p50 = latencies.get(latencies.size() / 2);
        long p99 = latencies.get((int) (latencies.size() * 0.99));
        System.err.printf(
                Locale.ROOT,
                "latency at %d images/s offered: p50 %d ms, p99 %d ms, max %d ms (n=%d, commit.interval.ms=%d)%n",
                rate,
                p50,
                p99,
                latencies.get(latencies.size() - 1),
                latencies.size(),
                commitMs);
        return Map.of(
                "offered_per_second",
                rate,
                "p50_ms",
                p50,
                "p99_ms",
                p99,
                "n",
                latencies.size(),
                "commit_interval_ms",
                commitMs);
    }

    /** The same network at batch 32 with one caller per stream thread (as the app runs it), no Kafka. */
    private static double modelOnly(ModelBundle bundle, int threads) throws Exception {
        BundleClassifier classifier = BundleClassifier.load(bundle);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // Each caller times its own measured 5 s, after its warm-up: the warm-up must not dilute the rate.
            Callable<Double> caller = () -> {
                float[][] batch = new float[32][48 * 48];
                long warm = System.nanoTime();
                while (System.nanoTime() - warm
                        < 3_000_000_000L) { // JIT: pooling, tanh and the first convolution are Java
                    classifier.classify(batch);
                }
                long start = System.nanoTime();
                int images = 0;
                while (System.nanoTime() - start < 5_000_000_000L) {
                    classifier.classify(batch);
                    images += 32;
                }
                return images / ((System.nanoTime() - start) / 1e9);
            };
            List<Future<Double>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(caller));
            }
            double perSecond = 0;
            for (var c : callers) {
                perSecond += c.get();
            }
            System.err.printf(
                    Locale.ROOT, "model only: %.0f images/s at batch 32, %d caller thread(s)%n", perSecond, threads);
            return perSecond;
        } finally {
            pool.shutdownNow();
        }
    }

    private static StreamAppConfig config(
            AppAccess access, Path registry, Path work, String name, int threads, int commitMs) {
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        // EMOTION_STREAM_* from the environment (e.g. EMOTION_STREAM_BATCH_MAX_SIZE=64) apply; the bench's own win.
        var builder = StreamAppConfig.builder(Optional.empty(), System.getenv());
        access.kafkaSettings().forEach(builder::kafka);
        return builder.bootstrapServers(access.bootstrapServers())
                .applicationId(run)
                .set(Setting.TOPIC_IMAGES, "images-" + run)
                .set(Setting.TOPIC_PREDICTIONS, "predictions-" + run)
                .set(Setting.TOPIC_DEAD_LETTERS, "dead-" + run)
                .set(Setting.TOPIC_MONITOR_FEED, "feed-" + run) // each run's monitor reads its own predictions only
                .modelRegistry(registry)
                .metricsPort(0)
                .streamThreads(threads)
                .commitInterval(Duration.ofMillis(commitMs))
                .stateDir(work.resolve("state-" + run))
                .build();
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(
                Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        "1"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String... topics) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    private static byte[] event(String id, byte[] png) {
        return Topics.imageEventSerde()
                .encode(FaceImageEvent.newBuilder()
                        .setEventId(id)
                        .setEventTime(Instant.now())
                        .setSource("bench")
                        .setImage(ByteBuffer.wrap(png))
                        .setImageFormat(ImageFormat.UNKNOWN)
                        .setSubjectId(null)
                        .setLabel(null)
                        .setGroups(Map.of("dataset", "bench"))
                        .build());
    }

    /** The model served: untrained weights (speed does not depend on them), with the face location to measure. */
    static ModelBundle publishModel(Path registry, FaceLocation face) {
        return new ModelRegistry(registry)
                .publish(
                        SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 1),
                        UntrainedManifest.draft("bench", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setPreprocessing(Preprocessing.seed(face).spec()));
    }

    /** Preprocessing alone (decode, face location, resize), one thread, over the bench images: the detector's cost. */
    private static double preprocessOnly(FaceLocation face, List<byte[]> images) throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(ImageLimits.DEFAULT, face, NoFacePolicy.WHOLE_IMAGE);
        int done = 0;
        int detected = 0;
        long start = System.nanoTime();
        long warmUntil = start + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) { // warm-up: JIT and the detector's per-thread cascade
            preprocessor.prepare(images.get(done++ % images.size()));
        }
        done = 0;
        start = System.nanoTime();
        while (System.nanoTime() - start < 5_000_000_000L) {
            if (preprocessor.prepare(images.get(done++ % images.size())).face().kind() == FaceOutcome.Kind.DETECTED) {
                detected++;
            }
        }
        double perSecond = done / ((System.nanoTime() - start) / 1e9);
        System.err.printf(
                Locale.ROOT,
                "preprocess only (%s, face location %s): %.0f images/s on one thread, %.1f ms each, "
                        + "face found in %d of %d%n",
                BenchImages.describe(System.getenv()),
                face.code(),
                perSecond,
                1000 / perSecond,
                detected,
                done);
        return perSecond;
    }
}
