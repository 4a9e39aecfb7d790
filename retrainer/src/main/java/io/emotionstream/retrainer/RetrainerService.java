package io.emotionstream.retrainer;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.platform.events.Decoded;
import io.emotionstream.platform.events.EventDecoder;
import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.release.ReleasePublisher;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.io.PrintStream;
import java.time.Clock;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code ./emotion-stream retrainer}: keeps a bounded, deduplicated set of labelled events per group from the
 * images topic (and an optional training topic), and retrains and publishes a new version as <b>challenger</b> (never
 * straight to champion) when {@link RetrainPolicy} says so. The stream apps then shadow-score it beside the
 * champion; promoting it stays a human (or monitored) decision.
 *
 * <p>The topics are read from the beginning without a consumer group on every start: the training set is rebuilt
 * from what the topics retain, so nothing has to be checkpointed and a restart loses nothing.
 */
public final class RetrainerService implements AutoCloseable {
    /**
     * @param alertsTopic records keyed {@code MODEL/...} there request a retrain of MODEL (bias alerts)
     * @param retraining  how a version is made (the seed CNN, or a bundle fine-tuned) and how events are preprocessed
     */
    public record Settings(
            String modelName,
            List<String> inputTopics,
            Optional<String> alertsTopic,
            Retraining retraining,
            Optional<String> biasMetricsTopic) {
        public Settings {
            inputTopics = List.copyOf(inputTopics);
        }

        /** The seed CNN from scratch, on events preprocessed as the seed's. */
        public Settings(
                String modelName,
                List<String> inputTopics,
                Optional<String> alertsTopic,
                CnnHyperparameters hyperparameters,
                TrainingConfig training) {
            this(
                    modelName,
                    inputTopics,
                    alertsTopic,
                    new Retraining.SeedCnn(hyperparameters, training, FaceLocation.NONE),
                    Optional.empty());
        }

        /** With the monitor's comparisons on {@code biasMetricsTopic}, the challenger it publishes is promoted when better. */
        public Settings promotingFrom(String biasMetricsTopic) {
            return new Settings(modelName, inputTopics, alertsTopic, retraining, Optional.of(biasMetricsTopic));
        }
    }

    private final Settings settings;
    private final LabelledSet labelled;
    private final RetrainPolicy policy;
    private final ModelRegistry registry;
    private final ReleasePublisher publisher;
    private final TrainingListener progress;
    private final PrintStream out;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EventDecoder decoder;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final RetrainerMetrics metrics;
    private final AtomicInteger publishedVersion = new AtomicInteger();
    private final ChallengerWatch challengers;
    private final Set<Integer> promoted = new HashSet<>();
    /** Whether {@link #run()} has read its topics' partitions, and when it last polled (for /ready and /health). */
    private volatile boolean reading;

    private volatile Instant lastPoll;
    private volatile boolean failed;
    private volatile boolean retraining;
    private int newLabels;
    private boolean alertPending;
    /** Alert subjects already answered with a retrain in this run (bounded by model versions x roles x attributes). */
    private final Set<BiasKeys.Subject> answeredAlerts = new HashSet<>();

    private Instant lastTraining;

    public RetrainerService(
            Map<String, Object> clientProperties,
            Settings settings,
            LabelledSet labelled,
            RetrainPolicy policy,
            ModelRegistry registry,
            ReleasePublisher publisher,
            TrainingListener progress,
            PrintStream out,
            RetrainerMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.decoder = new EventDecoder(
                ImagePreprocessor.withDefaultLimits(settings.retraining().preprocessing()));
        this.labelled = labelled;
        this.policy = policy;
        this.registry = registry;
        this.publisher = publisher;
        this.progress = progress;
        this.out = out;
        this.metrics = metrics;
        this.clock = clock;
        this.lastTraining = clock.instant();
        this.lastPoll = clock.instant();
        this.challengers = new ChallengerWatch(settings.modelName());
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        metrics.watch(labelled, publishedVersion::get);
    }

    /** Runs until {@link #close()}; retrains inline (no consumer group, so a long training upsets nobody). */
    public void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> topics = new ArrayList<>(settings.inputTopics());
            settings.alertsTopic().ifPresent(topics::add);
            settings.biasMetricsTopic().ifPresent(topics::add);
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            reading = true;
            out.printf(
                    "retrainer: model %s, reading %s%s, balancing by %s (max %d per group)%n",
                    settings.modelName(),
                    settings.inputTopics(),
                    settings.alertsTopic().map(a -> ", alerts " + a).orElse(""),
                    labelled.groupAttribute(),
                    labelled.maxPerGroup());
            while (running.get()) {
                lastPoll = clock.instant();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (settings.alertsTopic().filter(record.topic()::equals).isPresent()) {
                        onAlert(record);
                    } else if (settings.biasMetricsTopic()
                            .filter(record.topic()::equals)
                            .isPresent()) {
                        challengers.onRecord(record);
                        metrics.biasMetricsRead();
                    } else {
                        onEvent(record);
                    }
                }
                policy.due(clock.instant(), lastTraining, newLabels, alertPending, labelled.size())
                        .ifPresent(this::retrain);
                promoteIfBetter();
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void onEvent(ConsumerRecord<byte[], byte[]> record) {
        String fallbackId = record.topic() + "-" + record.partition() + "-" + record.offset();
        Decoded decoded = decoder.decode(record.value(), record.headers(), record.timestamp(), fallbackId);
        if (decoded instanceof Decoded.Rejected rejected) {
            skipped(rejected.reason().code());
            return;
        }
        FaceImageEvent event = ((Decoded.Accepted) decoded).event();
        EmotionLabel label = event.getLabel();
        if (label == null || label == EmotionLabel.UNKNOWN) {
            skipped(label == null ? "unlabelled" : "unknown_label");
            return;
        }
        Emotion emotion = Emotion.valueOf(label.name());
        if (!settings.retraining().hasClass(emotion)) {
            skipped("class_not_in_model"); // a neutral face for the six-class seed CNN
            return;
        }
        Sample sample = new Sample(
                event.getEventId(),
                emotion,
                event.getSubjectId() == null ? event.getEventId() : event.getSubjectId(),
                event.getGroups(),
                ((Decoded.Accepted) decoded).tensor());
        if (labelled.add(sample)) {
            newLabels++;
            metrics.labelled();
        } else {
            skipped("duplicate");
        }
    }

    /**
     * A raised alert about this model asks for one retrain; a standing alert read again (the topic is read from its
     * start) asks nothing more in this run. Resolved alerts, other models' and unreadable records ask nothing.
     */
    private void onAlert(ConsumerRecord<byte[], byte[]> record) {
        AlertRequest.Request request = AlertRequest.of(record.key(), record.value(), settings.modelName());
        metrics.alert(request.outcome());
        if (request.outcome() == AlertRequest.Outcome.RETRAIN
                && answeredAlerts.add(request.subject().orElseThrow())) {
            alertPending = true;
        }
    }

    /**
     * The challenger this run published becomes champion once the monitor's comparison of the two on the same events
     * says PROMOTE for every attribute (better overall, no group or class worse than the tolerance); the evidence is
     * the alias change's reason. Then the challenger alias is cleared.
     */
    private void promoteIfBetter() {
        int challenger = publishedVersion.get();
        if (settings.biasMetricsTopic().isEmpty() || challenger == 0 || promoted.contains(challenger)) {
            return;
        }
        challengers
                .evidence(challenger)
                .filter(ChallengerWatch.Evidence::promote)
                .ifPresent(e -> {
                    String reason = "retrainer, promote if better: champion " + e.championVersion() + " -> "
                            + challenger + ": " + e.evidence().summary();
                    publisher.promote(settings.modelName(), ModelAlias.CHAMPION, Optional.of(challenger), reason);
                    publisher.promote(
                            settings.modelName(), ModelAlias.CHALLENGER, Optional.empty(), "promoted to champion");
                    promoted.add(challenger);
                    metrics.promoted();
                    out.printf(
                            "retrainer: promoted %s:%d to champion (%s)%n", settings.modelName(), challenger, reason);
                });
    }

    private void skipped(String reason) {
        metrics.skipped(reason);
    }

    private void retrain(RetrainPolicy.Trigger trigger) {
        retraining = true;
        try {
            retrainNow(trigger);
        } finally {
            retraining = false;
        }
    }

    private void retrainNow(RetrainPolicy.Trigger trigger) {
        long start = System.nanoTime();
        List<Sample> samples = labelled.samples();
        Map<String, Integer> groups = labelled.sizeByGroup();
        out.printf(
                "retrainer: retraining %s (%s): %d labelled events, by %s %s%n",
                settings.modelName(),
                trigger.name().toLowerCase(Locale.ROOT),
                samples.size(),
                labelled.groupAttribute(),
                groups);
        Dataset dataset = Dataset.ofEvents(
                "stream-" + settings.modelName(), samples, settings.retraining().preprocessing());
        Split split = Experiments.split(
                dataset, SplitMode.RANDOM, 0.2, 0.1, settings.retraining().seed());
        Retraining.Retrained retrained =
                settings.retraining().retrain(settings.modelName(), dataset, split, registry, progress);
        ModelBundle bundle = retrained.bundle();
        publisher.publish(bundle);
        String reason = "retrainer, " + trigger.name().toLowerCase(Locale.ROOT) + ": " + samples.size()
                + " events, " + labelled.groupAttribute() + " " + groups + ", test accuracy "
                + String.format(Locale.ROOT, "%.3f", retrained.testAccuracy());
        publisher.promote(settings.modelName(), ModelAlias.CHALLENGER, Optional.of(bundle.version()), reason);
        publishedVersion.set(bundle.version());
        metrics.retrained(trigger, Duration.ofNanos(System.nanoTime() - start));
        out.printf("retrainer: published %s as challenger (%s)%n", bundle.reference(), reason);
        newLabels = 0;
        alertPending = false;
        lastTraining = clock.instant();
    }

    /** Reading its topics: the partitions are assigned. */
    public boolean ready() {
        return reading && !failed;
    }

    /**
     * The run loop is alive: it has not failed, and it polled within {@code stall} of now, or it is retraining
     * (training runs inline between polls and may take as long as the epochs need).
     */
    public boolean healthy(Duration stall) {
        return !failed
                && (retraining || Duration.between(lastPoll, clock.instant()).compareTo(stall) <= 0);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
