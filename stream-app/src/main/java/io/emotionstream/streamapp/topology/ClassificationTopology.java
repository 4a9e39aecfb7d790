package io.emotionstream.streamapp.topology;

import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.platform.events.EventDecoder;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The classification topology, as a pure factory (no statics, no I/O):
 * <pre>
 * images-source -> decode-and-preprocess -+-> micro-batcher [pending-images] -+-> predictions-sink (champion)
 *                                         |                                   +-> shadow-predictions-sink (challenger)
 *                                         |                                   +-> monitor-feed-sink (both, with groups)
 *                                         +-> dead-letters-sink <-------------+ (no face under a newly swapped model)
 * </pre>
 * The public predictions topics carry an event's subject id and groups only when {@link DemographicsRouting} says so;
 * the monitor's feed (when the monitor runs) carries the groups and no subject id.
 * Values are read as bytes and decoded inside the topology, so an undecodable record becomes a dead letter with
 * its original bytes instead of a deserialization failure. Images are preprocessed the way the serving model was
 * trained (its face location), through {@code preprocessors}.
 */
public final class ClassificationTopology {
    public static final String SOURCE = "images-source";
    public static final String DECODER = "decode-and-preprocess";
    public static final String MICRO_BATCHER = "micro-batcher";
    public static final String PREDICTIONS_SINK = "predictions-sink";
    public static final String SHADOW_SINK = "shadow-predictions-sink";
    public static final String MONITOR_FEED_SINK = "monitor-feed-sink";
    public static final String DEAD_LETTER_SINK = "dead-letters-sink";
    public static final String PENDING_STORE = "pending-images";

    /**
     * The pending-images changelog holds a face only until it is classified, then its tombstone. It takes any image
     * the app accepts, with its tensor (the broker default, 1 MB, would not: a large accepted image would then fail
     * every commit and crash-loop the app). Its segments roll and are compacted within minutes, not the broker's
     * default of a week, so a classified image leaves the log soon after its tombstone; tombstones stay long enough
     * for a restore that is reading the log to see them.
     */
    static final Map<String, String> PENDING_CHANGELOG = Map.of(
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(OutputLimits.MAX_RECORD_BYTES),
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()),
            TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                    Long.toString(Duration.ofMinutes(10).toMillis()),
            TopicConfig.DELETE_RETENTION_MS_CONFIG,
                    Long.toString(Duration.ofMinutes(15).toMillis()));

    private ClassificationTopology() {}

    /**
     * @param limits what an event may carry besides its image, checked at the clock's time
     * @param errors the client's last line of defence: the batcher dead-letters events the model throws on
     */
    public static Topology build(
            Topics topics,
            ClassifierHolder classifiers,
            StreamMetrics metrics,
            BatchingConfig batching,
            ImagePreprocessors preprocessors,
            EventLimits limits,
            ErrorHandling errors,
            Clock clock) {
        return build(
                topics,
                TopicCodecs.singleObject(topics),
                classifiers,
                metrics,
                preprocessors,
                new ClassificationSettings(batching, limits, DemographicsRouting.DEFAULT),
                errors,
                clock);
    }

    /** @param codecs how the images are read and the predictions written (wire format, schema registry) */
    public static Topology build(
            Topics topics,
            TopicCodecs codecs,
            ClassifierHolder classifiers,
            StreamMetrics metrics,
            ImagePreprocessors preprocessors,
            ClassificationSettings settings,
            ErrorHandling errors,
            Clock clock) {
        Topology topology = new Topology();
        topology.addSource(
                SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.images());
        topology.addProcessor(
                DECODER,
                () -> new DecodeProcessor(
                        new EventDecoder(preprocessors.forMode(FaceLocation.NONE), settings.limits(), codecs.images()),
                        preprocessors,
                        classifiers,
                        metrics,
                        clock,
                        errors),
                SOURCE);
        topology.addProcessor(
                MICRO_BATCHER,
                () -> new MicroBatchProcessor(classifiers, preprocessors, settings, metrics, clock, errors),
                DECODER);
        // Caching matters for speed: an event is usually put and deleted within one commit interval (the batch fills
        // from the same poll), so the cache absorbs both and only a small tombstone reaches the changelog, not the
        // 9 KB tensor. What is still buffered at a commit is flushed to the changelog and survives a crash.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(PENDING_STORE), Serdes.Long(), PendingImage.serde())
                        .withCachingEnabled()
                        .withLoggingEnabled(PENDING_CHANGELOG),
                MICRO_BATCHER);
        // every processor emits a ClassifierOutput, routed by its type; the sinks write each kind's bytes
        ClassifierOutput.ValueSerializer values = new ClassifierOutput.ValueSerializer(codecs);
        topology.addSink(
                PREDICTIONS_SINK, topics.predictions(), Serdes.ByteArray().serializer(), values, MICRO_BATCHER);
        topology.addSink(
                SHADOW_SINK, topics.shadowPredictions(), Serdes.ByteArray().serializer(), values, MICRO_BATCHER);
        if (settings.demographics().monitorFeed()) {
            topology.addSink(
                    MONITOR_FEED_SINK, topics.monitorFeed(), Serdes.ByteArray().serializer(), values, MICRO_BATCHER);
        }
        topology.addSink(
                DEAD_LETTER_SINK,
                topics.deadLetters(),
                Serdes.ByteArray().serializer(),
                values,
                DECODER,
                MICRO_BATCHER);
        return topology;
    }
}
