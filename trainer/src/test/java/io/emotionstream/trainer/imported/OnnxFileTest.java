package io.emotionstream.trainer.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.model.network.OnnxFixtures;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.schemas.model.OutputKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheInputAndWhetherTheNetworkEndsInASoftmax() throws Exception {
        OnnxFile logits = OnnxFile.inspect(copy("tiny-logits.onnx"), ImportLimits.DEFAULT, PixelScale.UNIT);
        OnnxFile softmax = OnnxFile.inspect(copy("tiny-softmax.onnx"), ImportLimits.DEFAULT, PixelScale.UNIT);
        OnnxFile nhwc = OnnxFile.inspect(copy("tiny-nhwc.onnx"), ImportLimits.DEFAULT, PixelScale.UNIT);
        OnnxFile batchOne = OnnxFile.inspect(copy("tiny-batch-one.onnx"), ImportLimits.DEFAULT, PixelScale.SYMMETRIC);

        assertThat(logits.outputs()).isEqualTo(OutputKind.LOGITS);
        assertThat(softmax.outputs()).isEqualTo(OutputKind.PROBABILITIES);
        assertThat(batchOne.outputs()).isEqualTo(OutputKind.LOGITS);
        assertThat(logits.side()).isEqualTo(16);
        assertThat(logits.layout()).isEqualTo("NCHW");
        assertThat(nhwc.layout()).isEqualTo("NHWC");
        assertThat(batchOne.describe()).contains("one image per call");
        assertThat(logits.bytes()).isEqualTo(Files.readAllBytes(dir.resolve("tiny-logits.onnx")));
    }

    @Test
    void shouldRefuseEachKindOfBadFileWithItsReason() throws Exception {
        Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "<html>not found</html>");

        assertRefused(copy("truncated.onnx"), ImportLimits.DEFAULT, ImportRefusal.NOT_ONNX, "cannot load");
        assertRefused(notOnnx, ImportLimits.DEFAULT, ImportRefusal.NOT_ONNX, "cannot load");
        assertRefused(copy("external-data.onnx"), ImportLimits.DEFAULT, ImportRefusal.EXTERNAL_DATA, "external data");
        assertRefused(copy("color-input.onnx"), ImportLimits.DEFAULT, ImportRefusal.UNSUPPORTED_INPUT, "3 channels");
        assertRefused(copy("two-outputs.onnx"), ImportLimits.DEFAULT, ImportRefusal.UNSUPPORTED_OUTPUT, "2 outputs");
        assertRefused(
                copy("tiny-logits.onnx"),
                new ImportLimits(1000, 10, 1000),
                ImportRefusal.TOO_LARGE,
                "above the import limit");
    }

    @Test
    void shouldFindExternalDataOnlyWhereATensorNamesIt() {
        assertThat(OnnxExternalData.uses(OnnxFixtures.bytes("external-data.onnx")))
                .isTrue();
        assertThat(OnnxExternalData.uses(OnnxFixtures.bytes("tiny-logits.onnx")))
                .isFalse();
        assertThat(OnnxExternalData.uses(OnnxFixtures.bytes("truncated.onnx")))
                .as("malformed: left to ONNX Runtime")
                .isFalse();
    }

    private void assertRefused(Path file, ImportLimits limits, ImportRefusal reason, String detail) {
        assertThatThrownBy(() -> OnnxFile.inspect(file, limits, PixelScale.UNIT))
                .as(file.getFileName().toString())
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(detail).doesNotContain("\n");
                });
    }

    private Path copy(String fixture) throws Exception {
        return Files.write(dir.resolve(fixture), OnnxFixtures.bytes(fixture));
    }
}
