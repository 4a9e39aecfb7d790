package io.emotionstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.TestFaces;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training data through the shared preprocessing with face location: what a model trained on it will record. */
class FaceLocationLoadingTest {
    @TempDir
    Path dir;

    @Test
    void shouldCropTheFaceOfEveryFrameAndSkipFramesWithoutOneAsNoFace() throws Exception {
        // given class folders of camera-sized frames: five with a face, one without
        Path root = dir.resolve("frames");
        frame(root.resolve("happy/a.png"), new TestFaces.Placement(150, 150, 110, 0));
        frame(root.resolve("happy/b.png"), new TestFaces.Placement(400, 260, 160, 5));
        frame(root.resolve("happy/c.png"), new TestFaces.Placement(300, 200, 90, 0));
        frame(root.resolve("sad/d.png"), new TestFaces.Placement(250, 240, 130, -5));
        frame(root.resolve("sad/e.png"), new TestFaces.Placement(480, 300, 100, 0));
        frame(root.resolve("sad/empty.png"));

        // when
        Dataset detected = DataSources.load(root.toString(), "folders", Map.of(), 1, FaceLocation.DETECT);
        Dataset whole = DataSources.load(root.toString(), "folders", Map.of(), 1, FaceLocation.NONE);

        // then
        assertThat(detected.faceLocation()).isEqualTo(FaceLocation.DETECT);
        assertThat(detected.size()).isEqualTo(5);
        assertThat(detected.skipped()).singleElement().satisfies(s -> {
            assertThat(s.id()).contains("empty");
            assertThat(s.reason()).startsWith("no_face");
        });
        assertThat(whole.size()).isEqualTo(6);
        Sample first = detected.samples().stream()
                .filter(s -> s.id().contains("a.png"))
                .findFirst()
                .orElseThrow();
        assertThat(first.pixels())
                .containsExactly(ImagePreprocessor.withDefaultLimits(FaceLocation.DETECT)
                        .preprocess(Files.readAllBytes(root.resolve("happy/a.png"))));
    }

    @Test
    void shouldRefuseToMixFaceLocationsOrToDetectInTightSyntheticCrops() {
        Dataset a = DataSources.load("synthetic:a:2:1", "auto", Map.of(), 1);
        Dataset detected =
                new Dataset("frames", a.samples(), List.of(), Map.of(), "x", Preprocessing.seed(FaceLocation.DETECT));

        assertThatThrownBy(() -> Dataset.union("union", List.of(a, detected)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("preprocessed differently")
                .hasMessageContaining("face detect");
        assertThatThrownBy(() -> DataSources.load("synthetic:a", "auto", Map.of(), 1, FaceLocation.DETECT))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("--face none");
    }

    private static void frame(Path file, TestFaces.Placement... faces) throws Exception {
        BufferedImage image = TestFaces.withFaces(640, 480, file.hashCode(), faces);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
