package io.emotionstream.streamapp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The micro-batch buffer's changelog format: versioned, enum names; earlier layouts still restore. */
class PendingImageFormatTest {

    @Test
    void shouldRoundTripWithEnumNames() throws Exception {
        Preprocessing imported =
                new Preprocessing(FaceLocation.DETECT_FAST, new TensorFormat(64, PixelScale.SYMMETRIC));
        PendingImage pending = pending(imported, new FaceOutcome(FaceOutcome.Kind.WHOLE_IMAGE_FALLBACK, 0));

        byte[] bytes = PendingImage.serde().serializer().serialize("t", pending);
        PendingImage back = PendingImage.serde().deserializer().deserialize("t", bytes);

        assertThat(bytes[0]).isEqualTo(PendingImage.FORMAT_VERSION);
        assertThat(new String(bytes, StandardCharsets.US_ASCII))
                .contains("DETECT_FAST")
                .contains("WHOLE_IMAGE_FALLBACK")
                .contains("gray-resize-v1-64-minus-one-to-one");
        assertThat(back.preparedWith()).isEqualTo(imported);
        assertThat(back.prepared().face()).isEqualTo(pending.prepared().face());
        assertThat(back.prepared().tensor()).containsExactly(pending.prepared().tensor());
        assertThat(back.event()).isEqualTo(pending.event());
        assertThat(back.arrivedAtMs()).isEqualTo(7);
        assertThat(back.recordTimestamp()).isEqualTo(9);
    }

    @Test
    void shouldRestoreValuesWrittenBeforeTheFormatVersion() throws Exception {
        // given the previous release's layout: arrivedAt | timestamp | mode ordinal | kind ordinal | faces | tensor |
        // event
        PendingImage pending =
                pending(Preprocessing.seed(FaceLocation.DETECT), new FaceOutcome(FaceOutcome.Kind.DETECTED, 2));
        byte[] event = Topics.imageEventSerde().encode(pending.event());
        float[] tensor = pending.prepared().tensor();
        ByteBuffer legacy = ByteBuffer.allocate(26 + tensor.length * 4 + event.length);
        legacy.putLong(7)
                .putLong(9)
                .put((byte) FaceLocation.DETECT.ordinal())
                .put((byte) FaceOutcome.Kind.DETECTED.ordinal())
                .putInt(2)
                .putInt(tensor.length);
        for (float v : tensor) {
            legacy.putFloat(v);
        }
        legacy.put(event);

        PendingImage back = PendingImage.serde().deserializer().deserialize("t", legacy.array());

        assertThat(back.preparedWith()).isEqualTo(Preprocessing.seed(FaceLocation.DETECT));
        assertThat(back.prepared().face()).isEqualTo(new FaceOutcome(FaceOutcome.Kind.DETECTED, 2));
        assertThat(back.prepared().tensor()).containsExactly(tensor);
        assertThat(back.event().getEventId()).isEqualTo("e");
    }

    @Test
    void shouldRestoreVersionOneValuesAsTheSeedsTensorFormat() throws Exception {
        // given version 1's layout: 0x01 | arrivedAt | timestamp | mode name | kind name | faces | tensor | event
        PendingImage pending =
                pending(Preprocessing.seed(FaceLocation.ALIGN), new FaceOutcome(FaceOutcome.Kind.DETECTED, 1));
        byte[] event = Topics.imageEventSerde().encode(pending.event());
        float[] tensor = pending.prepared().tensor();
        byte[] mode = "ALIGN".getBytes(StandardCharsets.US_ASCII);
        byte[] kind = "DETECTED".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer v1 = ByteBuffer.allocate(27 + mode.length + kind.length + tensor.length * 4 + event.length);
        v1.put((byte) 1)
                .putLong(7)
                .putLong(9)
                .put((byte) mode.length)
                .put(mode)
                .put((byte) kind.length)
                .put(kind)
                .putInt(1)
                .putInt(tensor.length);
        for (float v : tensor) {
            v1.putFloat(v);
        }
        v1.put(event);

        PendingImage back = PendingImage.serde().deserializer().deserialize("t", v1.array());

        assertThat(back.preparedWith()).isEqualTo(Preprocessing.seed(FaceLocation.ALIGN));
        assertThat(back.prepared().face()).isEqualTo(new FaceOutcome(FaceOutcome.Kind.DETECTED, 1));
        assertThat(back.prepared().tensor()).containsExactly(tensor);
        assertThat(back.arrivedAtMs()).isEqualTo(7);
    }

    private static PendingImage pending(Preprocessing preprocessing, FaceOutcome face) throws Exception {
        float[] tensor = new float[48 * 48];
        for (int i = 0; i < tensor.length; i++) {
            tensor[i] = i / (float) tensor.length;
        }
        return new PendingImage(
                ClassificationTopologyTest.event("e", ClassificationTopologyTest.png(100)),
                new Preprocessed(tensor, face),
                preprocessing,
                7,
                9);
    }
}
