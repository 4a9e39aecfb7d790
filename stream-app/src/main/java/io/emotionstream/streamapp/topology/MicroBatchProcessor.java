package io.emotionstream.streamapp.topology;

import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.preprocess.ImageRejectedException;
import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.model.preprocess.RejectReason;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.platform.events.EventDecoder;
import io.emotionstream.schemas.DeadLetterHeaders;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.DemographicsCopy;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.FaceLocationResult;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.events.PredictionCalibration;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.classify.EmotionClassifier;
import io.emotionstream.streamapp.errors.DeadLetterFit;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers accepted events in a changelogged store and classifies them in batches: when {@code maxBatch} are
 * waiting, or on a wall-clock punctuation every {@code maxWait}. Under exactly-once the store writes, the
 * predictions and the input offsets commit together, so a crash neither loses a buffered event (the store is
 * restored from its changelog) nor duplicates a prediction. Without a model, events stay buffered (nothing is
 * dropped) until one is installed; the backlog is then drained {@value #MAX_BATCHES_PER_FLUSH} batches per call, so
 * that no punctuation outlives the transaction however long the wait was. An event the model throws on is a dead
 * letter {@code processing_failed}; a model that throws on nearly everything stops the client ({@link ErrorHandling}).
 */
final class MicroBatchProcessor implements Processor<byte[], ClassifierOutput, byte[], ClassifierOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatchProcessor.class);
    /** At most this many forward passes per flush: ~0.5 s at the slowest measured inference, far below the timeout. */
    static final int MAX_BATCHES_PER_FLUSH = 8;

    private final ClassifierHolder classifiers;
    private final ImagePreprocessors preprocessors;
    private final BatchingConfig batching;
    private final DemographicsRouting demographics;
    private final StreamMetrics metrics;
    private final Clock clock;
    private final ErrorHandling errors;
    private final AvroSingleObjectSerde<FaceImageEvent> events = Topics.imageEventSerde();
    private ProcessorContext<byte[], ClassifierOutput> context;
    private KeyValueStore<Long, PendingImage> buffer;
    private long nextSequence;
    private int buffered;

    MicroBatchProcessor(
            ClassifierHolder classifiers,
            ImagePreprocessors preprocessors,
            ClassificationSettings settings,
            StreamMetrics metrics,
            Clock clock,
            ErrorHandling errors) {
        this.classifiers = classifiers;
        this.errors = errors;
        this.preprocessors = preprocessors;
        this.batching = settings.batching();
        this.demographics = settings.demographics();
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<byte[], ClassifierOutput> context) {
        this.context = context;
        this.buffer = context.getStateStore(ClassificationTopology.PENDING_STORE);
        // After a restart the restored buffer may hold events: continue numbering after them.
        try (KeyValueIterator<Long, PendingImage> all = buffer.all()) {
            while (all.hasNext()) {
                nextSequence = Math.max(nextSequence, all.next().key + 1);
                buffered++;
            }
        }
        context.schedule(batching.maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<byte[], ClassifierOutput> record) {
        // only prepared images are routed here (ClassifierOutput.Prepared#destination)
        buffer.put(nextSequence++, ((ClassifierOutput.Prepared) record.value()).image());
        buffered++;
        if (buffered >= batching.maxBatch()) {
            flush();
        }
    }

    private void flush() {
        Optional<EmotionClassifier> champion = classifiers.current(ModelRole.CHAMPION);
        if (buffered == 0 || champion.isEmpty()) {
            return;
        }
        Optional<EmotionClassifier> challenger = classifiers.current(ModelRole.CHALLENGER);
        for (int passes = 0; buffered > 0 && passes < MAX_BATCHES_PER_FLUSH; passes++) {
            List<KeyValue<Long, PendingImage>> batch = nextBatch();
            classifyAndForward(champion.get(), ModelRole.CHAMPION, batch);
            challenger.ifPresent(c -> classifyAndForward(c, ModelRole.CHALLENGER, batch));
            batch.forEach(entry -> buffer.delete(entry.key));
            buffered -= batch.size();
        }
    }

    private List<KeyValue<Long, PendingImage>> nextBatch() {
        List<KeyValue<Long, PendingImage>> batch = new ArrayList<>(batching.maxBatch());
        try (KeyValueIterator<Long, PendingImage> all = buffer.all()) {
            while (all.hasNext() && batch.size() < batching.maxBatch()) {
                batch.add(all.next());
            }
        }
        return batch;
    }

    private void classifyAndForward(
            EmotionClassifier classifier, ModelRole role, List<KeyValue<Long, PendingImage>> batch) {
        List<PendingImage> inputs = new ArrayList<>(batch.size());
        List<float[]> tensors = new ArrayList<>(batch.size());
        List<FaceOutcome> faces = new ArrayList<>(batch.size());
        for (KeyValue<Long, PendingImage> entry : batch) {
            PendingImage pending = entry.value;
            Preprocessed prepared = preparedFor(classifier, role, pending);
            if (prepared != null) {
                inputs.add(pending);
                tensors.add(prepared.tensor());
                faces.add(prepared.face());
            }
        }
        if (!inputs.isEmpty()) {
            classify(classifier, role, inputs, tensors, faces);
        }
    }

    /**
     * One forward pass for the batch. If it throws, each event is tried alone, so that one image the model cannot take
     * does not take its batch with it: the one that still fails is a dead letter {@code processing_failed} (for the
     * champion; a challenger just skips it), the others are classified.
     */
    private void classify(
            EmotionClassifier classifier,
            ModelRole role,
            List<PendingImage> inputs,
            List<float[]> tensors,
            List<FaceOutcome> faces) {
        float[][] probabilities;
        long start = System.nanoTime();
        try {
            probabilities = classifier.classify(tensors.toArray(new float[0][]));
        } catch (RuntimeException e) {
            if (inputs.size() > 1) {
                for (int i = 0; i < inputs.size(); i++) {
                    classify(classifier, role, List.of(inputs.get(i)), List.of(tensors.get(i)), List.of(faces.get(i)));
                }
            } else {
                inferenceFailed(classifier, role, inputs.get(0), e);
            }
            return;
        }
        metrics.batch(role, inputs.size(), System.nanoTime() - start);
        long now = clock.millis();
        for (int i = 0; i < inputs.size(); i++) {
            PendingImage pending = inputs.get(i);
            EmotionPrediction prediction = prediction(pending, probabilities[i], faces.get(i), classifier, role, now);
            metrics.prediction(
                    role,
                    prediction.getPredicted().name().toLowerCase(Locale.ROOT),
                    prediction.getModelName(),
                    prediction.getModelVersion());
            if (role == ModelRole.CHAMPION) {
                metrics.eventLatency(now - pending.event().getEventTime().toEpochMilli());
            }
            forward(prediction, role, pending.recordTimestamp());
        }
    }

    /**
     * The prediction to its public topic, its demographics withheld unless configured, and, with its groups but no
     * subject id, to the monitor's feed.
     */
    private void forward(EmotionPrediction prediction, ModelRole role, long timestamp) {
        byte[] key = prediction.getEventId().getBytes(StandardCharsets.UTF_8);
        if (demographics.monitorFeed()) {
            EmotionPrediction fed = EmotionPrediction.newBuilder(prediction)
                    .setSubjectId(null)
                    .setDemographics(DemographicsCopy.GROUPS_ONLY)
                    .build();
            ClassifierOutput.route(context, new Record<>(key, new ClassifierOutput.MonitorFeed(fed), timestamp));
        }
        EmotionPrediction published = demographics.published() == PublishedDemographics.INCLUDED
                ? prediction
                : EmotionPrediction.newBuilder(prediction)
                        .setSubjectId(null)
                        .setGroups(Map.of())
                        .setDemographics(DemographicsCopy.WITHHELD)
                        .build();
        ClassifierOutput output = role == ModelRole.CHAMPION
                ? new ClassifierOutput.Prediction(published)
                : new ClassifierOutput.ShadowPrediction(published);
        ClassifierOutput.route(context, new Record<>(key, output, timestamp));
    }

    private void inferenceFailed(
            EmotionClassifier classifier, ModelRole role, PendingImage pending, RuntimeException e) {
        String model = classifier.model().name() + ":" + classifier.model().version();
        if (role == ModelRole.CHALLENGER) {
            LOG.error(
                    "challenger {} failed on event {}: no shadow prediction for it",
                    model,
                    pending.event().getEventId(),
                    e);
            metrics.shadowSkipped(DeadLetterReason.PROCESSING_FAILED.code());
            return;
        }
        if (errors.recordFailure(ClassificationTopology.MICRO_BATCHER)) {
            throw new IllegalStateException(
                    "the champion " + model + " fails on nearly every event ("
                            + errors.breaker().describe() + "): stopping the client",
                    e);
        }
        LOG.error(
                "champion {} failed on event {}: sent to the dead-letter topic as processing_failed",
                model,
                pending.event().getEventId(),
                e);
        deadLetter(
                pending,
                DeadLetterHeaders.processingFailed(new RecordHeaders(), e, ClassificationTopology.MICRO_BATCHER));
    }

    /** A buffered event to the dead letters: the event as Avro (its original record is behind us), fitted to the topic. */
    private void deadLetter(PendingImage pending, Headers headers) {
        byte[] key = pending.event().getEventId().getBytes(StandardCharsets.UTF_8);
        DeadLetterFit.Fitted fitted = errors.fit(key, events.encode(pending.event()), headers);
        ClassifierOutput.route(
                context,
                new Record<>(
                        key,
                        new ClassifierOutput.DeadLetter(fitted.value()),
                        pending.recordTimestamp(),
                        fitted.headers()));
    }

    /**
     * The input for {@code classifier}: the buffered tensor when it was made with the model's preprocessing, else
     * made again from the kept image bytes (the model changed while the event waited, or the challenger was trained
     * differently: another face location or tensor format). No face under the new mode: a dead letter for the
     * champion, no shadow result for the challenger.
     */
    private Preprocessed preparedFor(EmotionClassifier classifier, ModelRole role, PendingImage pending) {
        if (pending.preparedWith().equals(classifier.preprocessing())) {
            return pending.prepared();
        }
        try {
            Preprocessed again =
                    preprocessors.of(classifier.preprocessing()).prepare(EventDecoder.imageBytes(pending.event()));
            if (role == ModelRole.CHAMPION) {
                metrics.faceLocated(pending.event(), again.face());
            }
            return again;
        } catch (ImageRejectedException e) {
            if (role == ModelRole.CHAMPION) {
                metrics.deadLetter(e.reason());
                if (e.reason() == RejectReason.NO_FACE) {
                    metrics.faceNotFound(pending.event());
                }
                deadLetter(pending, DeadLetterHeaders.of(new RecordHeaders(), e.reason(), e.getMessage()));
            } else {
                metrics.shadowSkipped(e.reason().code());
            }
            return null;
        }
    }

    private static EmotionPrediction prediction(
            PendingImage pending, float[] p, FaceOutcome face, EmotionClassifier classifier, ModelRole role, long now) {
        var event = pending.event();
        return EmotionPrediction.newBuilder()
                .setEventId(event.getEventId())
                .setEventTime(event.getEventTime())
                .setSource(event.getSource())
                .setModelName(classifier.model().name())
                .setModelVersion(classifier.model().version())
                .setRole(role)
                .setPredicted(EmotionLabel.valueOf(Emotion.mostProbable(p).name()))
                .setProbabilities(probabilities(p))
                .setLabel(event.getLabel())
                .setSubjectId(event.getSubjectId())
                .setGroups(event.getGroups())
                .setProcessingLatencyMs(now - pending.arrivedAtMs())
                .setFace(
                        switch (face.kind()) {
                            case NOT_USED -> FaceLocationResult.NOT_LOCATED;
                            case DETECTED -> FaceLocationResult.DETECTED;
                            case WHOLE_IMAGE_FALLBACK -> FaceLocationResult.WHOLE_IMAGE_FALLBACK;
                        })
                .setFacesFound(face.facesFound())
                .setCalibration(classifier
                        .calibration()
                        .map(MicroBatchProcessor::calibration)
                        .orElse(null))
                .build();
    }

    private static PredictionCalibration calibration(Calibration calibration) {
        double[] mix = calibration.referenceMix();
        float[] shares = new float[mix.length];
        for (int k = 0; k < mix.length; k++) {
            shares[k] = (float) mix[k];
        }
        return new PredictionCalibration((float) calibration.temperature(), probabilities(shares));
    }

    /** One per class of the model: the six emotions, and neutral for a seven-class model (null for a six-class one). */
    private static EmotionProbabilities probabilities(float[] p) {
        return new EmotionProbabilities(
                p[0], p[1], p[2], p[3], p[4], p[5], p.length > Emotion.SIX_COUNT ? p[Emotion.NEUTRAL.ordinal()] : null);
    }
}
