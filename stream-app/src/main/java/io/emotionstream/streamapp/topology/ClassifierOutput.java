package io.emotionstream.streamapp.topology;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.registry.AvroCodec;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the classification processors emit, each kind routed by its type to the one node that takes it: a
 * prepared image to the micro-batcher, a prediction to its topic, a shadow prediction to the challenger's, either
 * one with its groups to the monitor's feed, a dead letter to the dead letters. Keys are bytes throughout: the event
 * id in UTF-8, or a dead letter's original key; a dead letter's headers travel on its record.
 */
sealed interface ClassifierOutput {
    /** The node this kind goes to. */
    String destination();

    /** Decoded and preprocessed, waiting for the next micro-batch. */
    record Prepared(PendingImage image) implements ClassifierOutput {
        @Override
        public String destination() {
            return ClassificationTopology.MICRO_BATCHER;
        }
    }

    /** The champion's prediction. */
    record Prediction(EmotionPrediction prediction) implements ClassifierOutput {
        @Override
        public String destination() {
            return ClassificationTopology.PREDICTIONS_SINK;
        }
    }

    /** The challenger's prediction of the same event, scored in shadow. */
    record ShadowPrediction(EmotionPrediction prediction) implements ClassifierOutput {
        @Override
        public String destination() {
            return ClassificationTopology.SHADOW_SINK;
        }
    }

    /** A prediction of either role, with its groups, for the bias monitor's internal feed. */
    record MonitorFeed(EmotionPrediction prediction) implements ClassifierOutput {
        @Override
        public String destination() {
            return ClassificationTopology.MONITOR_FEED_SINK;
        }
    }

    /** A refused record: its original bytes (or, after decoding, the event as Avro), fitted to the topic. */
    record DeadLetter(byte[] value) implements ClassifierOutput {
        @Override
        public String destination() {
            return ClassificationTopology.DEAD_LETTER_SINK;
        }
    }

    /** Sends {@code record} to the node its value's kind goes to. */
    static void route(ProcessorContext<byte[], ClassifierOutput> context, Record<byte[], ClassifierOutput> record) {
        context.forward(record, record.value().destination());
    }

    /**
     * What the sinks write: a prediction as Avro in the configured wire format, the monitor's feed single-object
     * encoded (internal: nothing outside the app reads it), a dead letter as its bytes.
     */
    final class ValueSerializer implements Serializer<ClassifierOutput> {
        /** Made once, at build time: a codec computes schema fingerprints (it was once made per record). */
        private final AvroCodec<EmotionPrediction> predictions;

        private final AvroCodec<EmotionPrediction> shadowPredictions;
        private final AvroSingleObjectSerde<EmotionPrediction> monitorFeed = Topics.predictionSerde();

        ValueSerializer(TopicCodecs codecs) {
            this.predictions = codecs.predictions();
            this.shadowPredictions = codecs.shadowPredictions();
        }

        @Override
        public byte[] serialize(String topic, ClassifierOutput output) {
            if (output instanceof Prediction p) {
                return predictions.encode(p.prediction());
            }
            if (output instanceof ShadowPrediction p) {
                return shadowPredictions.encode(p.prediction());
            }
            if (output instanceof MonitorFeed p) {
                return monitorFeed.encode(p.prediction());
            }
            if (output instanceof DeadLetter d) {
                return d.value();
            }
            throw new IllegalStateException(output.getClass().getSimpleName() + " reached sink for " + topic);
        }
    }
}
