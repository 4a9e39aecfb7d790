package io.emotionstream.trainer.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.OutputClasses;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class KerasFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldImportAKerasGraphThatComputesWhatKerasWould() {
        // given our tiny channels-last network and numpy's softmax for two inputs
        KerasFile file = KerasFile.inspect(KerasFixtures.copy("tiny-functional.h5", dir), ImportLimits.DEFAULT);
        List<List<float[]>> expected = KerasFixtures.expected();

        // when
        ComputationGraph graph = file.importGraph();

        // then the imported graph's seven outputs are numpy's, image by image
        assertThat(file.input()).isEqualTo(new KerasInput(16, true));
        for (int i = 0; i < 2; i++) {
            float[] seven = graph.outputSingle(Nd4j.create(expected.get(0).get(i), new long[] {1, 16, 16, 1}))
                    .toFloatVector();
            assertThat(seven).containsExactly(expected.get(1).get(i), within(1e-5f));
        }
    }

    @Test
    void shouldServeTheImportedGraphOverTheSixEmotions() {
        KerasFile file = KerasFile.inspect(KerasFixtures.copy("tiny-functional.h5", dir), ImportLimits.DEFAULT);
        List<List<float[]>> expected = KerasFixtures.expected();
        LoadedModel model = LoadedModel.of(
                file.importGraph(),
                new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.SYMMETRIC)),
                ClassMapping.parse(KerasFixtures.FER_LABELS).outputClasses(),
                true);

        float[][] six = model.probabilities(expected.get(0));

        float[] seven = expected.get(1).get(1);
        double emotions = 1 - seven[6];
        assertThat(six[1])
                .containsExactly(
                        new float[] {
                            (float) (seven[0] / emotions),
                            (float) (seven[1] / emotions),
                            (float) (seven[2] / emotions),
                            (float) (seven[3] / emotions),
                            (float) (seven[4] / emotions),
                            (float) (seven[5] / emotions)
                        },
                        within(1e-4f));
        assertThat(OutputClasses.NEUTRAL)
                .isEqualTo(ClassMapping.parse(KerasFixtures.FER_LABELS).labels().get(6));
    }

    @Test
    void shouldRefuseALambdaLayerWithoutRunningIt() {
        assertRefused(KerasFixtures.copy("lambda.h5", dir), ImportRefusal.PYTHON_CODE, "lambda_1");
    }

    @Test
    void shouldRefuseAnInputThatIsNotOneGrayscaleSquare() {
        assertRefused(KerasFixtures.copy("color-input.h5", dir), ImportRefusal.UNSUPPORTED_INPUT, "[null,16,16,3]");
    }

    @Test
    void shouldRefuseWeightsWithoutAnArchitecture() {
        assertRefused(KerasFixtures.copy("weights-only.h5", dir), ImportRefusal.NOT_A_KERAS_MODEL, "model_config");
    }

    @Test
    void shouldRefuseWeightsDeclaredLargerThanTheFileBeforeReadingThem() {
        // a 16 KB file declaring a 4-giga-value kernel: reading it would allocate 16 GiB
        assertRefused(
                KerasFixtures.copy("huge-declared.h5", dir), ImportRefusal.DECLARED_TOO_LARGE, "predictions/kernel:0");
    }

    @Test
    void shouldRefuseATruncatedFile() throws Exception {
        Path good = KerasFixtures.copy("tiny-functional.h5", dir);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.h5"), Arrays.copyOf(bytes, bytes.length / 2));

        assertRefused(truncated, ImportRefusal.CORRUPT, "truncated.h5");
    }

    @Test
    void shouldRefuseWhatIsNotHdf5OrTooLarge() throws Exception {
        Path text = Files.writeString(dir.resolve("model.h5"), "{\"class_name\": \"Model\"}");
        Path good = KerasFixtures.copy("tiny-functional.h5", dir);

        assertRefused(text, ImportRefusal.NOT_HDF5, "HDF5 signature");
        assertThatThrownBy(() -> KerasFile.inspect(good, new ImportLimits(1024, 10, 1000)))
                .isInstanceOfSatisfying(
                        ImportRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImportRefusal.TOO_LARGE));
        assertThatThrownBy(() -> KerasFile.inspect(good, new ImportLimits(1 << 20, 10, 1000)))
                .as("the weights (6,000 values) above a limit of 1,000")
                .isInstanceOfSatisfying(
                        ImportRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImportRefusal.DECLARED_TOO_LARGE));
    }

    private static void assertRefused(Path file, ImportRefusal reason, String detail) {
        assertThatThrownBy(() -> KerasFile.inspect(file, ImportLimits.DEFAULT).importGraph())
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage())
                            .startsWith(reason.code() + ": ")
                            .contains(detail)
                            .doesNotContain("\n");
                });
    }
}
