package io.emotionstream.schemas;

import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import io.emotionstream.schemas.serde.ReleasedSchemas;
import java.util.Locale;

/**
 * Every topic the system uses, with its serdes: the one place producers, the stream app and consumers look up. The
 * serdes read every released version of their record ({@link ReleasedSchemas}) and write the current one.
 *
 * @param images            input: {@link FaceImageEvent} (Avro single-object) or raw image bytes with metadata headers
 * @param predictions       output: {@link EmotionPrediction} by the champion model, keyed by event id
 * @param deadLetters       input records that could not be classified: original key, value and headers, plus
 *                          {@code dlq.*} headers naming the reason, topic, partition and offset
 * @param shadowPredictions {@link EmotionPrediction} by the challenger model (role CHALLENGER) for the same events;
 *                          never mixed into {@code predictions}
 * @param models            compacted: {@link ModelRelease} (key {@code release/NAME/VERSION}) and
 *                          {@link ModelAliasChange} (key {@code alias/NAME/ALIAS}) records, all signed
 * @param labels            ground truth arriving later: {@code GroundTruthLabel}, keyed by event id
 * @param biasMetrics       compacted: {@code GroupAccuracy} and {@code AccuracyGap} per model version, role, window,
 *                          attribute (and group)
 * @param biasAlerts        {@code BiasAlert} raised and resolved, key {@code MODEL/VERSION/ROLE/ATTRIBUTE/WINDOW}
 * @param monitorFeed       internal: every {@link EmotionPrediction} (both roles) with its groups, for the bias
 *                          monitor only (the public predictions topics withhold them by default); short retention,
 *                          read by the app's principal alone, always single-object encoded
 * @param erasures          erasure requests, written by {@code ./emotion-stream erase}: key the event id to erase,
 *                          value the request's id (UTF-8); the monitor deletes what it holds of that event
 */
public record Topics(
        String images,
        String predictions,
        String deadLetters,
        String shadowPredictions,
        String models,
        String labels,
        String biasMetrics,
        String biasAlerts,
        String monitorFeed,
        String erasures) {
    public static final Topics DEFAULT = new Topics(
            "emotion.images",
            "emotion.predictions",
            "emotion.dead-letters",
            "emotion.predictions.shadow",
            "emotion.models",
            "emotion.labels",
            "emotion.bias-metrics",
            "emotion.bias-alerts",
            "emotion.monitor-feed",
            "emotion.erasures");

    public Topics {
        for (String name : new String[] {
            images,
            predictions,
            deadLetters,
            shadowPredictions,
            models,
            labels,
            biasMetrics,
            biasAlerts,
            monitorFeed,
            erasures
        }) {
            if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("invalid topic name: " + name);
            }
        }
    }

    public static AvroSingleObjectSerde<FaceImageEvent> imageEventSerde() {
        return new AvroSingleObjectSerde<>(
                FaceImageEvent.getEncoder(), FaceImageEvent.createDecoder(ReleasedSchemas.of("FaceImageEvent")));
    }

    public static AvroSingleObjectSerde<EmotionPrediction> predictionSerde() {
        return new AvroSingleObjectSerde<>(
                EmotionPrediction.getEncoder(),
                EmotionPrediction.createDecoder(ReleasedSchemas.of("EmotionPrediction")));
    }

    public static AvroSingleObjectSerde<ModelRelease> releaseSerde() {
        return new AvroSingleObjectSerde<>(
                ModelRelease.getEncoder(), ModelRelease.createDecoder(ReleasedSchemas.of("ModelRelease")));
    }

    public static AvroSingleObjectSerde<ModelAliasChange> aliasSerde() {
        return new AvroSingleObjectSerde<>(
                ModelAliasChange.getEncoder(), ModelAliasChange.createDecoder(ReleasedSchemas.of("ModelAliasChange")));
    }

    public static AvroSingleObjectSerde<GroundTruthLabel> labelSerde() {
        return new AvroSingleObjectSerde<>(
                GroundTruthLabel.getEncoder(), GroundTruthLabel.createDecoder(ReleasedSchemas.of("GroundTruthLabel")));
    }

    public static AvroSingleObjectSerde<GroupAccuracy> groupAccuracySerde() {
        return new AvroSingleObjectSerde<>(
                GroupAccuracy.getEncoder(), GroupAccuracy.createDecoder(ReleasedSchemas.of("GroupAccuracy")));
    }

    public static AvroSingleObjectSerde<AccuracyGap> gapSerde() {
        return new AvroSingleObjectSerde<>(
                AccuracyGap.getEncoder(), AccuracyGap.createDecoder(ReleasedSchemas.of("AccuracyGap")));
    }

    public static AvroSingleObjectSerde<FairnessVerdict> verdictSerde() {
        return new AvroSingleObjectSerde<>(
                FairnessVerdict.getEncoder(), FairnessVerdict.createDecoder(ReleasedSchemas.of("FairnessVerdict")));
    }

    public static AvroSingleObjectSerde<ChallengerComparison> comparisonSerde() {
        return new AvroSingleObjectSerde<>(
                ChallengerComparison.getEncoder(),
                ChallengerComparison.createDecoder(ReleasedSchemas.of("ChallengerComparison")));
    }

    public static AvroSingleObjectSerde<BiasAlert> alertSerde() {
        return new AvroSingleObjectSerde<>(
                BiasAlert.getEncoder(), BiasAlert.createDecoder(ReleasedSchemas.of("BiasAlert")));
    }

    /** Key of a release on the models topic: compaction keeps each version once. */
    public static String releaseKey(String name, int version) {
        return "release/" + name + "/" + version;
    }

    /** Key of an alias on the models topic: compaction keeps the latest change per alias. */
    public static String aliasKey(String name, String alias) {
        return "alias/" + name + "/" + alias.toLowerCase(Locale.ROOT);
    }
}
