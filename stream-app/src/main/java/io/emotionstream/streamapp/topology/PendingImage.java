package io.emotionstream.streamapp.topology;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An accepted event waiting in the micro-batch buffer: its tensor, its metadata (image bytes dropped, the tensor
 * is what matters now), and when it reached the app. Stored in a changelogged store, so it survives a crash.
 */
record PendingImage(FaceImageEvent event, float[] tensor, long arrivedAtMs, long recordTimestamp) {
    private static final AvroSingleObjectSerde<FaceImageEvent> EVENTS = Topics.imageEventSerde();

    static PendingImage of(FaceImageEvent event, float[] tensor, long arrivedAtMs, long recordTimestamp) {
        FaceImageEvent withoutImage = FaceImageEvent.newBuilder(event).setImage(ByteBuffer.allocate(0)).build();
        return new PendingImage(withoutImage, tensor, arrivedAtMs, recordTimestamp);
    }

    /** Layout: arrivedAt (8) | recordTimestamp (8) | tensor length (4) | floats | event (single-object Avro). */
    static Serde<PendingImage> serde() {
        Serializer<PendingImage> serializer = (topic, p) -> {
            byte[] event = EVENTS.encode(p.event());
            ByteBuffer out = ByteBuffer.allocate(20 + p.tensor().length * 4 + event.length);
            out.putLong(p.arrivedAtMs()).putLong(p.recordTimestamp()).putInt(p.tensor().length);
            out.asFloatBuffer().put(p.tensor()); // bulk copy: every buffered event passes through here twice
            return out.position(out.position() + p.tensor().length * 4).put(event).array();
        };
        Deserializer<PendingImage> deserializer = (topic, bytes) -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long arrived = in.getLong();
            long timestamp = in.getLong();
            float[] tensor = new float[in.getInt()];
            in.asFloatBuffer().get(tensor);
            in.position(in.position() + tensor.length * 4);
            byte[] event = new byte[in.remaining()];
            in.get(event);
            return new PendingImage(EVENTS.decode(event), tensor, arrived, timestamp);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
