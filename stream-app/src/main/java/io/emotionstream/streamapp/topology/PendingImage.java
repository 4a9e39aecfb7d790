package io.emotionstream.streamapp.topology;

import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.model.preprocess.Preprocessing;
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
 * An accepted event waiting in the micro-batch buffer: the event (image bytes included), its tensor and the
 * preprocessing it was prepared with, and when it reached the app. The bytes stay because the model may change while
 * the event waits: if the next model was trained with another preprocessing (face location or tensor format), the
 * tensor is made again from them. Stored in a changelogged store, so it survives a crash.
 */
record PendingImage(
        FaceImageEvent event,
        Preprocessed prepared,
        Preprocessing preparedWith,
        long arrivedAtMs,
        long recordTimestamp) {
    private static final AvroSingleObjectSerde<FaceImageEvent> EVENTS = Topics.imageEventSerde();

    /**
     * Format version 2: {@code 0x02} | arrivedAt (8) | recordTimestamp (8) | face location name | preprocessing id |
     * face kind name | faces (4) | tensor length (4) | floats | event (Avro single-object); a name is its length (1)
     * and ASCII. Read, never written: version 1 (no preprocessing id: the seed's tensor format), and version 0 (no
     * version byte, its first byte, of a wall-clock time, is 0; enum ordinals).
     */
    static final byte FORMAT_VERSION = 2;

    private static final byte WITHOUT_PREPROCESSING_ID = 1;

    static Serde<PendingImage> serde() {
        Serializer<PendingImage> serializer = (topic, p) -> {
            byte[] event = EVENTS.encode(p.event());
            byte[] mode = ascii(p.preparedWith().faceLocation().name());
            byte[] id = ascii(p.preparedWith().id());
            byte[] kind = ascii(p.prepared().face().kind().name());
            float[] tensor = p.prepared().tensor();
            ByteBuffer out =
                    ByteBuffer.allocate(28 + mode.length + id.length + kind.length + tensor.length * 4 + event.length);
            out.put(FORMAT_VERSION)
                    .putLong(p.arrivedAtMs())
                    .putLong(p.recordTimestamp())
                    .put((byte) mode.length)
                    .put(mode)
                    .put((byte) id.length)
                    .put(id)
                    .put((byte) kind.length)
                    .put(kind)
                    .putInt(p.prepared().face().facesFound())
                    .putInt(tensor.length);
            out.asFloatBuffer().put(tensor); // bulk copy: every buffered event passes through here twice
            return out.position(out.position() + tensor.length * 4).put(event).array();
        };
        Deserializer<PendingImage> deserializer = (topic, bytes) -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            boolean legacy = bytes[0] == 0;
            byte version = legacy ? 0 : in.get();
            if (version > FORMAT_VERSION) {
                throw new IllegalStateException("pending image format version " + version + " is newer than this app's "
                        + FORMAT_VERSION + ": roll back the upgrade or reset the app's state");
            }
            long arrived = in.getLong();
            long timestamp = in.getLong();
            FaceLocation mode = legacy ? FaceLocation.values()[in.get()] : FaceLocation.valueOf(readAscii(in));
            Preprocessing preparedWith = version <= WITHOUT_PREPROCESSING_ID
                    ? Preprocessing.seed(mode)
                    : Preprocessing.of(readAscii(in), mode);
            FaceOutcome.Kind kind =
                    legacy ? FaceOutcome.Kind.values()[in.get()] : FaceOutcome.Kind.valueOf(readAscii(in));
            FaceOutcome face = new FaceOutcome(kind, in.getInt());
            float[] tensor = new float[in.getInt()];
            in.asFloatBuffer().get(tensor);
            in.position(in.position() + tensor.length * 4);
            byte[] event = new byte[in.remaining()];
            in.get(event);
            return new PendingImage(
                    EVENTS.decode(event), new Preprocessed(tensor, face), preparedWith, arrived, timestamp);
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
