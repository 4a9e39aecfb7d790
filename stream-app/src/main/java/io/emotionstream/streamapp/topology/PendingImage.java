package io.emotionstream.streamapp.topology;

import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An accepted event waiting in the micro-batch buffer: the event (image bytes included), its tensor and the face
 * location it was prepared with, and when it reached the app. The bytes stay because the model may change while the
 * event waits: if the next model was trained with another face location, the tensor is made again from them.
 * Stored in a changelogged store, so it survives a crash.
 */
record PendingImage(FaceImageEvent event, Preprocessed prepared, FaceLocation preparedWith, long arrivedAtMs,
                    long recordTimestamp) {
    private static final AvroSingleObjectSerde<FaceImageEvent> EVENTS = Topics.imageEventSerde();

    /** Layout: arrivedAt (8) | recordTimestamp (8) | mode (1) | face kind (1) | faces (4) | tensor length (4) | floats | event. */
    static Serde<PendingImage> serde() {
        Serializer<PendingImage> serializer = (topic, p) -> {
            byte[] event = EVENTS.encode(p.event());
            float[] tensor = p.prepared().tensor();
            ByteBuffer out = ByteBuffer.allocate(26 + tensor.length * 4 + event.length);
            out.putLong(p.arrivedAtMs()).putLong(p.recordTimestamp())
                    .put((byte) p.preparedWith().ordinal()).put((byte) p.prepared().face().kind().ordinal())
                    .putInt(p.prepared().face().facesFound()).putInt(tensor.length);
            out.asFloatBuffer().put(tensor); // bulk copy: every buffered event passes through here twice
            return out.position(out.position() + tensor.length * 4).put(event).array();
        };
        Deserializer<PendingImage> deserializer = (topic, bytes) -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long arrived = in.getLong();
            long timestamp = in.getLong();
            FaceLocation mode = FaceLocation.values()[in.get()];
            FaceOutcome face = new FaceOutcome(FaceOutcome.Kind.values()[in.get()], in.getInt());
            float[] tensor = new float[in.getInt()];
            in.asFloatBuffer().get(tensor);
            in.position(in.position() + tensor.length * 4);
            byte[] event = new byte[in.remaining()];
            in.get(event);
            return new PendingImage(EVENTS.decode(event), new Preprocessed(tensor, face), mode, arrived, timestamp);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
