package io.emotionstream.streamapp.topology;

import io.emotionstream.model.Emotion;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.classify.EmotionClassifier;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Buffers accepted events in a changelogged store and classifies them in batches: when {@code maxBatch} are
 * waiting, or on a wall-clock punctuation every {@code maxWait}. Under exactly-once the store writes, the
 * predictions and the input offsets commit together, so a crash neither loses a buffered event (the store is
 * restored from its changelog) nor duplicates a prediction. Without a model, events stay buffered (nothing is
 * dropped) until one is installed.
 */
final class MicroBatchProcessor implements Processor<String, PendingImage, String, EmotionPrediction> {
    private final ClassifierHolder classifiers;
    private final BatchingConfig batching;
    private final StreamMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, EmotionPrediction> context;
    private KeyValueStore<Long, PendingImage> buffer;
    private long nextSequence;
    private int buffered;

    MicroBatchProcessor(ClassifierHolder classifiers, BatchingConfig batching, StreamMetrics metrics, Clock clock) {
        this.classifiers = classifiers;
        this.batching = batching;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, EmotionPrediction> context) {
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
    public void process(Record<String, PendingImage> record) {
        buffer.put(nextSequence++, record.value());
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
        while (buffered > 0) {
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

    private void classifyAndForward(EmotionClassifier classifier, ModelRole role, List<KeyValue<Long, PendingImage>> batch) {
        float[][] tensors = new float[batch.size()][];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = batch.get(i).value.tensor();
        }
        long start = System.nanoTime();
        float[][] probabilities = classifier.classify(tensors);
        metrics.batch(role, tensors.length, System.nanoTime() - start);
        long now = clock.millis();
        String sink = role == ModelRole.CHAMPION ? ClassificationTopology.PREDICTIONS_SINK : ClassificationTopology.SHADOW_SINK;
        for (int i = 0; i < tensors.length; i++) {
            PendingImage pending = batch.get(i).value;
            EmotionPrediction prediction = prediction(pending, probabilities[i], classifier, role, now);
            metrics.prediction(role, prediction.getPredicted().name().toLowerCase(java.util.Locale.ROOT),
                    prediction.getModelName(), prediction.getModelVersion());
            if (role == ModelRole.CHAMPION) {
                metrics.eventLatency(now - pending.event().getEventTime().toEpochMilli());
            }
            context.forward(new Record<>(prediction.getEventId(), prediction, pending.recordTimestamp()), sink);
        }
    }

    private static EmotionPrediction prediction(PendingImage pending, float[] p, EmotionClassifier classifier,
                                                ModelRole role, long now) {
        var event = pending.event();
        return EmotionPrediction.newBuilder()
                .setEventId(event.getEventId())
                .setEventTime(event.getEventTime())
                .setSource(event.getSource())
                .setModelName(classifier.model().name())
                .setModelVersion(classifier.model().version())
                .setRole(role)
                .setPredicted(EmotionLabel.valueOf(Emotion.mostProbable(p).name()))
                .setProbabilities(new EmotionProbabilities(p[0], p[1], p[2], p[3], p[4], p[5]))
                .setLabel(event.getLabel())
                .setSubjectId(event.getSubjectId())
                .setGroups(event.getGroups())
                .setProcessingLatencyMs(now - pending.arrivedAtMs())
                .build();
    }
}
