package io.emotionstream.schemas;

import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;

/**
 * Every topic the system uses, with its serdes: the one place producers, the stream app and consumers look up.
 *
 * @param images      input: {@link FaceImageEvent} (Avro single-object) or raw image bytes with metadata headers
 * @param predictions output: {@link EmotionPrediction}, keyed by event id
 * @param deadLetters input records that could not be classified: original key, value and headers, plus
 *                    {@code dlq.*} headers naming the reason, topic, partition and offset
 */
public record Topics(String images, String predictions, String deadLetters) {
    public static final Topics DEFAULT = new Topics("emotion.images", "emotion.predictions", "emotion.dead-letters");

    public Topics {
        for (String name : new String[] {images, predictions, deadLetters}) {
            if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("invalid topic name: " + name);
            }
        }
    }

    public static AvroSingleObjectSerde<FaceImageEvent> imageEventSerde() {
        return new AvroSingleObjectSerde<>(FaceImageEvent.getEncoder(), FaceImageEvent.getDecoder());
    }

    public static AvroSingleObjectSerde<EmotionPrediction> predictionSerde() {
        return new AvroSingleObjectSerde<>(EmotionPrediction.getEncoder(), EmotionPrediction.getDecoder());
    }
}
