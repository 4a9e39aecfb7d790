package io.emotionstream.streamapp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The micro-batch buffer's changelog format: versioned, enum names; the pre-version layout still restores. */
class PendingImageFormatTest {

    @Test
    void shouldRoundTripWithEnumNames() throws Exception {
        PendingImage pending = pending(FaceLocation.DETECT_FAST, new FaceOutcome(FaceOutcome.Kind.WHOLE_IMAGE_FALLBACK, 0));

        byte[] bytes = PendingImage.serde().serializer().serialize("t", pending);
        PendingImage back = PendingImage.serde().deserializer().deserialize("t", bytes);

        assertThat(bytes[0]).isEqualTo(PendingImage.FORMAT_VERSION);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("DETECT_FAST").contains("WHOLE_IMAGE_FALLBACK");
        assertThat(back.preparedWith()).isEqualTo(FaceLocation.DETECT_FAST);
        assertThat(back.prepared().face()).isEqualTo(pending.prepared().face());
        assertThat(back.prepared().tensor()).containsExactly(pending.prepared().tensor());
        assertThat(back.event()).isEqualTo(pending.event());
        assertThat(back.arrivedAtMs()).isEqualTo(7);
        assertThat(back.recordTimestamp()).isEqualTo(9);
    }

    @Test
    void shouldRestoreValuesWrittenBeforeTheFormatVersion() throws Exception {
        // given the previous release's layout: arrivedAt | timestamp | mode ordinal | kind ordinal | faces | tensor | event
        PendingImage pending = pending(FaceLocation.DETECT, new FaceOutcome(FaceOutcome.Kind.DETECTED, 2));
        byte[] event = Topics.imageEventSerde().encode(pending.event());
        float[] tensor = pending.prepared().tensor();
        ByteBuffer legacy = ByteBuffer.allocate(26 + tensor.length * 4 + event.length);
        legacy.putLong(7).putLong(9).put((byte) FaceLocation.DETECT.ordinal()).put((byte) FaceOutcome.Kind.DETECTED.ordinal())
                .putInt(2).putInt(tensor.length);
        for (float v : tensor) {
            legacy.putFloat(v);
        }
        legacy.put(event);

        PendingImage back = PendingImage.serde().deserializer().deserialize("t", legacy.array());

        assertThat(back.preparedWith()).isEqualTo(FaceLocation.DETECT);
        assertThat(back.prepared().face()).isEqualTo(new FaceOutcome(FaceOutcome.Kind.DETECTED, 2));
        assertThat(back.prepared().tensor()).containsExactly(tensor);
        assertThat(back.event().getEventId()).isEqualTo("e");
    }

    private static PendingImage pending(FaceLocation mode, FaceOutcome face) throws Exception {
        float[] tensor = new float[48 * 48];
        for (int i = 0; i < tensor.length; i++) {
            tensor[i] = i / (float) tensor.length;
        }
        return new PendingImage(ClassificationTopologyTest.event("e", ClassificationTopologyTest.png(100)),
                new Preprocessed(tensor, face), mode, 7, 9);
    }
}
