package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.GroupPredictions;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.platform.events.EventDecoder;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.DeadLetterHeaders;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.registry.AvroCodec;
import io.emotionstream.schemas.registry.SchemaRegistryUnavailableException;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.errors.DeadLetterFit;
import io.emotionstream.streamapp.errors.ErrorHandling;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins predictions with their ground truth, whichever comes first, exactly once per prediction:
 * <ul>
 *   <li>a prediction carrying its label (inline) is scored at once;</li>
 *   <li>otherwise it waits in {@code awaiting-labels} until its label arrives, at most the horizon;</li>
 *   <li>a label is held in {@code held-labels} for the horizon, so predictions still to come (a challenger's) are
 *       scored against it, and a second label for the same event is recognised as a duplicate and ignored;</li>
 *   <li>a label given more than the horizon after the event is counted {@code late}, not scored; a label never
 *       matched by a prediction is counted {@code late_or_unknown} when it expires; a label outside the six
 *       classes is counted {@code unscorable}; unreadable label bytes go to the dead-letter topic, and so does a
 *       registry-framed label or prediction whose schema the registry could not give ({@code schema_registry_unavailable}).</li>
 *   <li>a prediction that cannot be read, or whose metadata or event time is out of bounds ({@link EventLimits}), goes
 *       to the dead-letter topic with its original bytes: the predictions topics are input like any other.</li>
 *   <li>every prediction's fate (labelled within the horizon or not) is counted in {@code label-fates} by arrival
 *       bucket, scope and group, and released a horizon after its bucket ({@link LabelFates}).</li>
 *   <li>champion and challenger scored on the same event are paired ({@link ChallengerPairs}, {@code half-pairs}) for
 *       the comparison of the two roles;</li>
 *   <li>an erasure request deletes the event from {@code awaiting-labels}, {@code held-labels} and
 *       {@code half-pairs} ({@code emotion_erasures_total{outcome}});</li>
 *   <li>every prediction is counted at once in {@code prediction-tallies} (confidence, predicted class) per scope and
 *       group, and flushed on each punctuation for the label-free estimates ({@link PredictionTallies}).</li>
 * </ul>
 * Expiry runs on wall-clock punctuation (the context's clock, so tests can move it). Under exactly-once the stores, the scored output and the offsets commit
 * together, so a crash neither loses nor repeats a score.
 */
final class LabelJoinProcessor implements Processor<String, JoinInput, String, JoinOutput> {
    static final String AWAITING = "awaiting-labels";
    static final String HELD = "held-labels";
    /**
     * Bounds in size as well as time (the horizon): predictions kept per event id (champion, challenger, a few
     * re-predictions), and entries per store and task (about 10 KB each in awaiting-labels: ~20 GB at most on disk).
     * What does not fit is counted in {@code emotion_label_join_evictions_total}, never an error.
     */
    static final int MAX_PREDICTIONS_PER_EVENT = 8;

    static final long MAX_ENTRIES = 2_000_000;

    /** An erasure request's id: a UUID or a ticket number, not a document. */
    static final int MAX_REQUEST_ID_BYTES = 128;

    private final MonitorMetrics metrics;
    private final MonitorSettings settings;
    private final Duration horizon;
    private final EventLimits limits;
    private final ErrorHandling errors;
    private final AvroCodec<GroundTruthLabel> labels;
    private final AvroCodec<EmotionPrediction> predictions;
    private ProcessorContext<String, JoinOutput> context;
    private KeyValueStore<String, JoinState.Waiting> awaiting;
    private KeyValueStore<String, JoinState.HeldLabel> held;
    private LabelFates fates;
    private PredictionTallies tallies;
    private ChallengerPairs pairs;

    /** {@code codecs}: the labels and predictions topics are read in either wire format. */
    LabelJoinProcessor(
            MonitorMetrics metrics,
            MonitorSettings settings,
            EventLimits limits,
            ErrorHandling errors,
            TopicCodecs codecs) {
        this.errors = errors;
        this.labels = codecs.labels();
        this.predictions = codecs.predictions(); // champion and challenger predictions share the schema
        this.metrics = metrics;
        this.settings = settings;
        this.horizon = settings.labelHorizon();
        this.limits = limits;
    }

    @Override
    public void init(ProcessorContext<String, JoinOutput> context) {
        this.context = context;
        this.awaiting = context.getStateStore(AWAITING);
        this.held = context.getStateStore(HELD);
        this.fates = new LabelFates(
                context.getStateStore(LabelFates.STORE), settings.attributes(), settings.maxGroups(), horizon);
        this.pairs = new ChallengerPairs(context.getStateStore(ChallengerPairs.STORE), metrics, horizon);
        this.tallies = new PredictionTallies(
                context.getStateStore(PredictionTallies.STORE), settings.attributes(), settings.maxGroups());
        Duration every = horizon.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
                ? horizon.dividedBy(10)
                : Duration.ofMinutes(1);
        context.schedule(every.isZero() ? Duration.ofMillis(1) : every, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        errors.breaker().taken();
        if (record.value() instanceof JoinInput.Prediction p) {
            readPrediction(record, p.bytes()).ifPresent(prediction -> onPrediction(record, prediction));
        } else if (record.value() instanceof JoinInput.Label l) {
            onLabel(record, l.bytes());
        } else if (record.value() instanceof JoinInput.Erasure e) {
            onErasure(record, e.requestId());
        }
    }

    /**
     * Deletes what the join holds of the record's event: its waiting predictions (with their groups), its held label
     * and a half pair. The deletes reach the changelogs as tombstones in the same transaction as the request's offset.
     * Counts already aggregated (fates, tallies, accuracy) hold no event and stay.
     */
    private void onErasure(Record<String, JoinInput> record, byte[] requestId) {
        String eventId = record.key();
        if (eventId == null
                || limits.metadataViolation(eventId, null, null, null).isPresent()
                || requestId == null
                || requestId.length > MAX_REQUEST_ID_BYTES) {
            reject(
                    record,
                    requestId,
                    DeadLetterReason.INVALID_ERASURE_REQUEST,
                    eventId == null
                            ? "no event id (the record's key)"
                            : "event id of " + eventId.length() + " chars or a request id past " + MAX_REQUEST_ID_BYTES
                                    + " bytes");
            return;
        }
        boolean held = this.awaiting.get(eventId) != null || this.held.get(eventId) != null;
        awaiting.delete(eventId);
        this.held.delete(eventId);
        boolean paired = pairs.forget(eventId);
        metrics.erasure(held || paired ? ErasureOutcome.ERASED : ErasureOutcome.NOTHING_HELD);
    }

    /**
     * The prediction, if it is one the monitor can take: decodable, with metadata within the limits (its strings
     * become store keys, repartition keys and metric tags) and an event time near the app's clock (it becomes the
     * timestamp of the repartitioned record: the broker refuses one more than an hour ahead). Else a dead letter.
     */
    private Optional<EmotionPrediction> readPrediction(Record<String, JoinInput> record, byte[] bytes) {
        EmotionPrediction prediction;
        try {
            prediction = predictions.decode(bytes);
        } catch (SerializationException e) {
            reject(record, bytes, EventDecoder.avroFailure(e, DeadLetterReason.UNDECODABLE_PREDICTION), e.getMessage());
            return Optional.empty();
        } catch (SchemaRegistryUnavailableException e) {
            reject(record, bytes, DeadLetterReason.SCHEMA_REGISTRY_UNAVAILABLE, e.getMessage());
            return Optional.empty();
        }
        if (prediction.getPredicted() == EmotionLabel.UNKNOWN
                || !ModelRegistry.isValidName(prediction.getModelName())) {
            reject(
                    record,
                    bytes,
                    DeadLetterReason.UNDECODABLE_PREDICTION,
                    "not a prediction of this system: predicted " + prediction.getPredicted() + ", model name of "
                            + prediction.getModelName().length() + " chars");
            return Optional.empty();
        }
        Optional<String> tooLarge = limits.metadataViolation(
                prediction.getEventId(), prediction.getSource(), prediction.getSubjectId(), prediction.getGroups());
        if (tooLarge.isPresent()) {
            reject(record, bytes, DeadLetterReason.METADATA_TOO_LARGE, tooLarge.get());
            return Optional.empty();
        }
        Optional<String> badTime =
                limits.eventTimeViolation(prediction.getEventTime().toEpochMilli(), context.currentSystemTimeMs());
        if (badTime.isPresent()) {
            reject(record, bytes, DeadLetterReason.BAD_EVENT_TIME, badTime.get());
            return Optional.empty();
        }
        return Optional.of(prediction);
    }

    private void reject(Record<String, JoinInput> record, byte[] bytes, DeadLetterReason reason, String detail) {
        metrics.deadLetter(reason);
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        Headers headers = DeadLetterHeaders.of(record.headers(), reason, detail);
        context.recordMetadata()
                .ifPresent(m -> DeadLetterHeaders.origin(headers, m.topic(), m.partition(), m.offset()));
        DeadLetterFit.Fitted fitted = errors.fit(key, bytes, headers);
        context.forward(record.withValue((JoinOutput) new JoinOutput.Rejected(fitted.value(), reason, detail))
                .withHeaders(fitted.headers()));
    }

    private void onPrediction(Record<String, JoinInput> record, EmotionPrediction prediction) {
        long now = context.currentSystemTimeMs();
        tallies.predicted(prediction);
        if (prediction.getLabel() != null) {
            fates.predicted(prediction, now, prediction.getLabel() != EmotionLabel.UNKNOWN, now);
            if (prediction.getLabel() == EmotionLabel.UNKNOWN) {
                metrics.label(LabelOutcome.UNSCORABLE);
            } else {
                metrics.label(LabelOutcome.INLINE);
                score(record, prediction, Emotion.valueOf(prediction.getLabel().name()), 0);
            }
            return;
        }
        String eventId = prediction.getEventId();
        JoinState.HeldLabel label = held.get(eventId);
        if (label != null) {
            fates.predicted(prediction, now, true, now);
            long delay = label.labelledAtMs() - prediction.getEventTime().toEpochMilli();
            score(record, prediction, label.truth(), delay);
            metrics.labelLag(delay);
            if (!label.matched()) {
                held.put(eventId, label.matchedNow());
            }
            return;
        }
        JoinState.Waiting waiting = awaiting.get(eventId);
        if (waiting == null && awaiting.approximateNumEntries() >= MAX_ENTRIES) {
            metrics.joinEvicted(AWAITING, "store_full");
            metrics.unlabelledExpired(1);
            fates.predicted(prediction, now, false, now);
            return;
        }
        if (waiting != null && waiting.predictions().size() >= MAX_PREDICTIONS_PER_EVENT) {
            // the same event predicted again and again (replays, a loop upstream): keep the latest ones
            metrics.joinEvicted(AWAITING, "per_event_cap");
            metrics.unlabelledExpired(1); // its fate stays unlabelled: counted at arrival in its bucket
            waiting = new JoinState.Waiting(
                    waiting.arrivedAtMs(),
                    waiting.predictions().subList(1, waiting.predictions().size()));
        }
        JoinState.Waiting next =
                waiting == null ? new JoinState.Waiting(now, List.of(prediction)) : waiting.with(prediction);
        fates.predicted(
                prediction, next.arrivedAtMs(), false, now); // all of an event's predictions in its entry's bucket
        awaiting.put(eventId, next);
    }

    private void onLabel(Record<String, JoinInput> record, byte[] bytes) {
        GroundTruthLabel label;
        try {
            label = labels.decode(bytes);
        } catch (SerializationException e) {
            metrics.label(LabelOutcome.UNDECODABLE);
            reject(record, bytes, EventDecoder.avroFailure(e, DeadLetterReason.UNDECODABLE_LABEL), e.getMessage());
            return;
        } catch (SchemaRegistryUnavailableException e) {
            reject(record, bytes, DeadLetterReason.SCHEMA_REGISTRY_UNAVAILABLE, e.getMessage());
            return;
        }
        Optional<String> tooLarge = limits.metadataViolation(label.getEventId(), null, null, null);
        if (tooLarge.isPresent()) {
            metrics.label(LabelOutcome.UNDECODABLE);
            reject(record, bytes, DeadLetterReason.METADATA_TOO_LARGE, tooLarge.get());
            return;
        }
        Optional<Emotion> truth = Emotion.fromLabel(label.getLabel());
        if (truth.isEmpty()) {
            metrics.label(LabelOutcome.UNSCORABLE);
            return;
        }
        String eventId = label.getEventId();
        if (held.get(eventId) != null) {
            metrics.label(LabelOutcome.DUPLICATE);
            return;
        }
        JoinState.Waiting waiting = awaiting.get(eventId);
        long labelledAt = label.getLabelledAt().toEpochMilli();
        if (waiting != null) {
            awaiting.delete(eventId);
            long eventTime = waiting.predictions().get(0).getEventTime().toEpochMilli();
            if (labelledAt - eventTime > horizon.toMillis()) {
                metrics.label(LabelOutcome.LATE);
                metrics.unlabelledExpired(waiting.predictions().size());
                return;
            }
            for (EmotionPrediction prediction : waiting.predictions()) {
                score(record, prediction, truth.get(), labelledAt - eventTime);
            }
            fates.labelled(waiting.predictions(), waiting.arrivedAtMs(), context.currentSystemTimeMs());
            metrics.label(LabelOutcome.JOINED);
            metrics.labelLag(labelledAt - eventTime);
        }
        if (held.approximateNumEntries() >= MAX_ENTRIES) {
            metrics.joinEvicted(HELD, "store_full"); // scored already if its predictions waited; else counted, not held
            return;
        }
        held.put(
                eventId,
                new JoinState.HeldLabel(truth.get(), labelledAt, context.currentSystemTimeMs(), waiting != null));
    }

    private void score(
            Record<String, JoinInput> record, EmotionPrediction prediction, Emotion truth, long labelDelayMs) {
        context.forward(new Record<>(
                prediction.getEventId(),
                new JoinOutput.Scored(prediction, truth, labelDelayMs),
                prediction.getEventTime().toEpochMilli(),
                record.headers()));
        pairs.scored(prediction, truth, context.currentSystemTimeMs())
                .ifPresent(pair -> context.forward(new Record<>(
                        prediction.getEventId(),
                        (JoinOutput) new JoinOutput.Paired(pair),
                        prediction.getEventTime().toEpochMilli(),
                        record.headers())));
    }

    /** The predictions counted since the last punctuation, for the label-free estimates. */
    private void flushTallies(long now) {
        for (KeyValue<String, GroupPredictions> flushed : tallies.flush()) {
            context.forward(
                    new Record<>(flushed.key, (JoinOutput) new JoinOutput.Predicted(flushed.key, flushed.value), now));
        }
    }

    /** Buckets whose predictions have all met their fate, for the groups' label coverage. */
    private void releaseFates(long now) {
        for (LabelFates.Released released : fates.release(now)) {
            context.forward(new Record<>(released.scopeKey(), (JoinOutput) new JoinOutput.Fates(released), now));
        }
    }

    /** Drops what outlived the horizon, counting predictions that never got a label and labels never matched. */
    private void expire(long now) {
        long cutoff = now - horizon.toMillis();
        List<String> expired = new ArrayList<>();
        long unlabelled = 0;
        long kept = 0;
        try (KeyValueIterator<String, JoinState.Waiting> all = awaiting.all()) {
            while (all.hasNext()) {
                KeyValue<String, JoinState.Waiting> entry = all.next();
                if (entry.value.arrivedAtMs() < cutoff) {
                    expired.add(entry.key);
                    unlabelled += entry.value.predictions().size();
                } else {
                    kept++;
                }
            }
        }
        expired.forEach(awaiting::delete);
        if (unlabelled > 0) {
            metrics.unlabelledExpired(unlabelled);
        }
        metrics.joinEntries(AWAITING, context.taskId().toString(), kept);
        expired.clear();
        kept = 0;
        try (KeyValueIterator<String, JoinState.HeldLabel> all = held.all()) {
            while (all.hasNext()) {
                KeyValue<String, JoinState.HeldLabel> entry = all.next();
                if (entry.value.arrivedAtMs() < cutoff) {
                    expired.add(entry.key);
                    if (!entry.value.matched()) {
                        metrics.label(LabelOutcome.LATE_OR_UNKNOWN);
                    }
                } else {
                    kept++;
                }
            }
        }
        expired.forEach(held::delete);
        metrics.joinEntries(HELD, context.taskId().toString(), kept);
        metrics.joinEntries(ChallengerPairs.STORE, context.taskId().toString(), pairs.expire(now));
        releaseFates(now);
        flushTallies(now);
    }
}
