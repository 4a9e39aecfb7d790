package io.emotionstream.streamapp.topology;

import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * Format version 1: {@code 0x01} | arrivedAt (8) | recordTimestamp (8) | mode name | face kind name | faces (4) |
     * tensor length (4) | floats | event (Avro single-object); a name is its length (1) and ASCII. Version 0 had no
     * version byte (its first byte, of a wall-clock time, is 0) and stored enum ordinals: read, never written.
     */
    static final byte FORMAT_VERSION = 1;

    static Serde<PendingImage> serde() {
        Serializer<PendingImage> serializer = (topic, p) -> {
            byte[] event = EVENTS.encode(p.event());
            byte[] mode = ascii(p.preparedWith().name());
            byte[] kind = ascii(p.prepared().face().kind().name());
            float[] tensor = p.prepared().tensor();
            ByteBuffer out = ByteBuffer.allocate(27 + mode.length + kind.length + tensor.length * 4 + event.length);
            out.put(FORMAT_VERSION).putLong(p.arrivedAtMs()).putLong(p.recordTimestamp())
                    .put((byte) mode.length).put(mode).put((byte) kind.length).put(kind)
                    .putInt(p.prepared().face().facesFound()).putInt(tensor.length);
            out.asFloatBuffer().put(tensor); // bulk copy: every buffered event passes through here twice
            return out.position(out.position() + tensor.length * 4).put(event).array();
        };
        Deserializer<PendingImage> deserializer = (topic, bytes) -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            boolean legacy = bytes[0] == 0;
            if (!legacy && in.get() != FORMAT_VERSION) {
                throw new IllegalStateException("pending image format version " + bytes[0] + " is newer than this app's "
                        + FORMAT_VERSION + ": roll back the upgrade or reset the app's state");
            }
            long arrived = in.getLong();
            long timestamp = in.getLong();
            FaceLocation mode = legacy ? FaceLocation.values()[in.get()] : FaceLocation.valueOf(readAscii(in));
            FaceOutcome.Kind kind = legacy ? FaceOutcome.Kind.values()[in.get()] : FaceOutcome.Kind.valueOf(readAscii(in));
            FaceOutcome face = new FaceOutcome(kind, in.getInt());
            float[] tensor = new float[in.getInt()];
            in.asFloatBuffer().get(tensor);
            in.position(in.position() + tensor.length * 4);
            byte[] event = new byte[in.remaining()];
            in.get(event);
            return new PendingImage(EVENTS.decode(event), new Preprocessed(tensor, face), mode, arrived, timestamp);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readAscii(ByteBuffer in) {
        byte[] name = new byte[in.get()];
        in.get(name);
        return new String(name, StandardCharsets.US_ASCII);
    }
}
