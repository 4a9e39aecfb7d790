package io.emotionstream.schemas.registry;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The codec of every Avro value on the topics users read and write, all in one wire format, bound to one registry (or
 * none). Subjects follow the TopicNameStrategy ({@code TOPIC-value}); the bias metrics topic carries four record types,
 * so its subjects follow the TopicRecordNameStrategy ({@code TOPIC-FULL.RECORD.NAME}). Readers need no subject: a
 * framed record names its schema by id. The models topic (signed releases) and the app's own state stay single-object
 * encoded: nothing outside the system writes them.
 */
public record TopicCodecs(
        AvroCodec<FaceImageEvent> images,
        AvroCodec<EmotionPrediction> predictions,
        AvroCodec<EmotionPrediction> shadowPredictions,
        AvroCodec<GroundTruthLabel> labels,
        AvroCodec<BiasAlert> biasAlerts,
        AvroCodec<GroupAccuracy> groupAccuracy,
        AvroCodec<AccuracyGap> gaps,
        AvroCodec<FairnessVerdict> verdicts,
        AvroCodec<ChallengerComparison> comparisons) {

    /** Single-object encoding only, no registry: what the system did before registries, and the default. */
    public static TopicCodecs singleObject(Topics topics) {
        return of(topics, WireFormat.SINGLE_OBJECT, Optional.empty());
    }

    /** Every topic's codec writing {@code format}; readers take both formats (framed ones only with a registry). */
    public static TopicCodecs of(Topics topics, WireFormat format, Optional<SchemaRegistry> registry) {
        return new TopicCodecs(
                codec(
                        Topics.imageEventSerde(),
                        FaceImageEvent.getClassSchema(),
                        format,
                        registry,
                        SchemaRegistry.valueSubject(topics.images())),
                codec(
                        Topics.predictionSerde(),
                        EmotionPrediction.getClassSchema(),
                        format,
                        registry,
                        SchemaRegistry.valueSubject(topics.predictions())),
                codec(
                        Topics.predictionSerde(),
                        EmotionPrediction.getClassSchema(),
                        format,
                        registry,
                        SchemaRegistry.valueSubject(topics.shadowPredictions())),
                codec(
                        Topics.labelSerde(),
                        GroundTruthLabel.getClassSchema(),
                        format,
                        registry,
                        SchemaRegistry.valueSubject(topics.labels())),
                codec(
                        Topics.alertSerde(),
                        BiasAlert.getClassSchema(),
                        format,
                        registry,
                        SchemaRegistry.valueSubject(topics.biasAlerts())),
                codec(
                        Topics.groupAccuracySerde(),
                        GroupAccuracy.getClassSchema(),
                        format,
                        registry,
                        recordSubject(topics.biasMetrics(), GroupAccuracy.getClassSchema())),
                codec(
                        Topics.gapSerde(),
                        AccuracyGap.getClassSchema(),
                        format,
                        registry,
                        recordSubject(topics.biasMetrics(), AccuracyGap.getClassSchema())),
                codec(
                        Topics.verdictSerde(),
                        FairnessVerdict.getClassSchema(),
                        format,
                        registry,
                        recordSubject(topics.biasMetrics(), FairnessVerdict.getClassSchema())),
                codec(
                        Topics.comparisonSerde(),
                        ChallengerComparison.getClassSchema(),
                        format,
                        registry,
                        recordSubject(topics.biasMetrics(), ChallengerComparison.getClassSchema())));
    }

    /** Every codec, for start-up work on all subjects. */
    public List<AvroCodec<?>> all() {
        return List.of(
                images, predictions, shadowPredictions, labels, biasAlerts, groupAccuracy, gaps, verdicts, comparisons);
    }

    /** The topics producers outside the app write (the app only reads them): their producers register the schemas. */
    public List<AvroCodec<?>> inputs() {
        return List.of(images, labels);
    }

    /** The topics the app writes: it registers this build's schemas there. */
    public List<AvroCodec<?>> outputs() {
        return List.of(predictions, shadowPredictions, biasAlerts, groupAccuracy, gaps, verdicts, comparisons);
    }

    /** The subject of one record type on a topic that carries several (TopicRecordNameStrategy). */
    public static String recordSubject(String topic, Schema schema) {
        return topic + "-" + schema.getFullName();
    }

    private static <T extends SpecificRecordBase> AvroCodec<T> codec(
            AvroSingleObjectSerde<T> serde,
            Schema schema,
            WireFormat format,
            Optional<SchemaRegistry> registry,
            String subject) {
        return new AvroCodec<>(serde, schema, format, registry, subject);
    }
}
