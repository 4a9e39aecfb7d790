package io.emotionstream.streamapp.release;

import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.release.ModelReleases;
import io.emotionstream.model.release.RefusalReason;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.classify.EmotionClassifier;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic from its beginning on every instance (all partitions, no consumer group: each instance
 * needs every release), verifies each record through a {@link ReleaseCatalog}, and swaps the champion and
 * challenger in the {@link ClassifierHolder} when the selected versions change. A refused record is logged with
 * its reason and counted; whatever was serving keeps serving. A champion is never removed, only replaced.
 */
public final class ModelFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    /** A consumer with no group has nothing to commit or leave: its close only ends its connections. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final ReleaseCatalog catalog;
    private final ModelSelector selector;
    private final ClassifierHolder classifiers;
    private final StreamMetrics metrics;
    private final Function<ModelBundle, EmotionClassifier> loader;
    private final Map<ModelRole, Integer> installed = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ModelFollower(
            Map<String, Object> clientProperties,
            String topic,
            ReleaseCatalog catalog,
            ModelSelector selector,
            ClassifierHolder classifiers,
            StreamMetrics metrics,
            Function<ModelBundle, EmotionClassifier> loader) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putAll(ModelsTopic.consumerSettings());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.catalog = catalog;
        this.selector = selector;
        this.classifiers = classifiers;
        this.metrics = metrics;
        this.loader = loader;
        this.thread = new Thread(this::run, "emotion-stream-model-follower");
        this.thread.setDaemon(true);
    }

    public ModelFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            LOG.info("following {} for model '{}' (selector {})", topic, catalog.modelName(), selector);
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    apply(record);
                }
                if (!records.isEmpty()) {
                    reconcile();
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            // The serving model stays; without the follower no new release arrives, which /health reports.
            LOG.error("model follower stopped: {}", e.toString(), e);
        } finally {
            running.set(false);
            consumer.close(CLOSE_TIMEOUT);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        ReleaseCatalog.Outcome outcome = catalog.apply(key, record.value());
        if (outcome instanceof ReleaseCatalog.Outcome.Refused refused) {
            LOG.warn(
                    "models topic offset {}: refused ({}): {}",
                    record.offset(),
                    refused.reason().code(),
                    refused.detail());
            metrics.releaseRefused(refused.reason().code());
        } else if (outcome instanceof ReleaseCatalog.Outcome.Accepted accepted) {
            LOG.info("models topic offset {}: {}", record.offset(), accepted.what());
            metrics.releaseAccepted();
        }
    }

    /** Installs what the catalog selects; a version that fails to load is refused and the next choice tried. */
    private void reconcile() {
        while (!install(ModelRole.CHAMPION, catalog.champion(selector))) {
            // the failed version is now unusable; ask again
        }
        while (!install(ModelRole.CHALLENGER, catalog.challenger(selector))) {
            // same for the challenger
        }
    }

    private boolean install(ModelRole role, Optional<Integer> wanted) {
        Integer current = installed.get(role);
        if (wanted.isEmpty()) {
            if (role == ModelRole.CHALLENGER && current != null) {
                classifiers.swap(role, null);
                installed.remove(role);
                metrics.modelSwapped(role, 0);
                LOG.info("challenger cleared: no more shadow scoring");
            }
            return true; // a champion is never removed, only replaced
        }
        int version = wanted.get();
        if (current != null && current == version) {
            return true;
        }
        ModelBundle bundle = catalog.bundle(version).orElseThrow();
        if (!catalog.cacheIntact(version)) {
            catalog.markUnusable(version, RefusalReason.CHECKSUM_MISMATCH);
            metrics.releaseRefused(RefusalReason.CHECKSUM_MISMATCH.code());
            LOG.error(
                    "release {}: the cached copy in {} no longer matches what was signed (changed on disk); not used",
                    bundle.reference(),
                    bundle.directory());
            return false;
        }
        try {
            EmotionClassifier classifier = loader.apply(bundle);
            classifiers.swap(role, classifier);
            installed.put(role, version);
            metrics.modelSwapped(role, version);
            LOG.info(
                    "{} is now {}{}",
                    role.name().toLowerCase(Locale.ROOT),
                    bundle.reference(),
                    current == null ? "" : " (was version " + current + ")");
            return true;
        } catch (BundleException e) {
            RefusalReason reason = ModelReleases.reasonFor(e);
            catalog.markUnusable(version, reason);
            metrics.releaseRefused(reason.code());
            LOG.warn(
                    "release {} refused on load ({}): {}; keeping what serves",
                    bundle.reference(),
                    reason.code(),
                    e.getMessage());
            return false;
        }
    }

    public boolean running() {
        return running.get();
    }

    /** Stops following; true when the thread (and with it the consumer) stopped within {@code timeLeft}. */
    public boolean close(Duration timeLeft) {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(Math.max(1, timeLeft.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
