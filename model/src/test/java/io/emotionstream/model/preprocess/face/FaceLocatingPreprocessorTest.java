package io.emotionstream.model.preprocess.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.preprocess.GrayImage;
import io.emotionstream.model.preprocess.ImageLimits;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.ImageRejectedException;
import io.emotionstream.model.preprocess.Preprocessed;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.RejectReason;
import io.emotionstream.schemas.model.PreprocessingSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The shared preprocessing with face location on: what trainer and stream-app both get. */
class FaceLocatingPreprocessorTest {
    private static final ImagePreprocessor DETECTING =
            new ImagePreprocessor(ImageLimits.DEFAULT, FaceLocation.DETECT, NoFacePolicy.REJECT);

    @Test
    void shouldTurnAFaceAnywhereInAFrameIntoWhatATightCropGives() throws Exception {
        // given the face as a tight crop (what CK+48-like training data looks like) and the same face small in a corner
        // of a camera-sized frame and large in the middle of another
        byte[] tight = png(TestFaces.withFace(131, 131, new TestFaces.Placement(65.5, 65.5, 100, 0)));
        byte[] small = png(TestFaces.withFace(640, 480, new TestFaces.Placement(120, 110, 80, 0)));
        byte[] large = png(TestFaces.withFace(800, 600, new TestFaces.Placement(420, 300, 260, 0)));
        float[] reference = ImagePreprocessor.withDefaultLimits().preprocess(tight);

        // when
        Preprocessed a = DETECTING.prepare(small);
        Preprocessed b = DETECTING.prepare(large);

        // then both come out close to the tight crop; resizing the whole frames does not
        assertThat(a.face()).isEqualTo(FaceOutcome.detected(1));
        assertThat(b.face()).isEqualTo(FaceOutcome.detected(1));
        assertThat(meanAbsoluteDifference(a.tensor(), reference)).isLessThan(0.05);
        assertThat(meanAbsoluteDifference(b.tensor(), reference)).isLessThan(0.05);
        ImagePreprocessor whole = ImagePreprocessor.withDefaultLimits();
        assertThat(meanAbsoluteDifference(whole.preprocess(small), reference)).isGreaterThan(0.15);
        assertThat(meanAbsoluteDifference(whole.preprocess(large), reference)).isGreaterThan(0.15);
    }

    @Test
    void shouldRejectAFrameWithoutAFaceAsNoFace() throws Exception {
        byte[] empty = png(TestFaces.frame(320, 240, 90, 5));

        assertThatThrownBy(() -> DETECTING.prepare(empty))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.NO_FACE))
                .hasMessage("no_face: no face found in the 320x240 image");
    }

    @Test
    void shouldFallBackToTheWholeImageWhenConfiguredAndSaySo() throws Exception {
        byte[] empty = png(TestFaces.frame(320, 240, 90, 5));
        ImagePreprocessor lenient =
                new ImagePreprocessor(ImageLimits.DEFAULT, FaceLocation.DETECT, NoFacePolicy.WHOLE_IMAGE);

        Preprocessed result = lenient.prepare(empty);

        assertThat(result.face()).isEqualTo(FaceOutcome.WHOLE_IMAGE_FALLBACK);
        assertThat(result.tensor())
                .containsExactly(ImagePreprocessor.withDefaultLimits().preprocess(empty));
    }

    @Test
    void shouldCropTheLargestOfSeveralFacesAndCountThem() throws Exception {
        // given a detector that reports three boxes (largest not first, to prove the choice is made by size)
        BufferedImage frame = TestFaces.frame(300, 200, 60, 9);
        FaceBox largest = new FaceBox(150, 40, 120, 120);
        FaceDetector threeFaces =
                image -> List.of(largest, new FaceBox(10, 10, 40, 40), new FaceBox(60, 100, 70, 70)).stream()
                        .sorted(Comparator.comparingLong(FaceBox::area).reversed())
                        .toList();
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(ImageLimits.DEFAULT, FaceLocation.DETECT, threeFaces, null, NoFacePolicy.REJECT);

        // when
        Preprocessed result = preprocessor.prepare(png(frame));

        // then the tensor is the largest box's crop, resized as always
        assertThat(result.face()).isEqualTo(FaceOutcome.detected(3));
        GrayImage crop = FaceCrop.around(GrayImage.of(frame), largest);
        assertThat(result.tensor())
                .containsExactly(ImagePreprocessor.withDefaultLimits().preprocess(png(toImage(crop))));
    }

    @Test
    void shouldAlignOnTheEyesWhereFoundAndCropAsDetectDoesWhereNot() throws Exception {
        // given a face box and an eye locator that finds turned eyes in one image and none in another
        BufferedImage frame = TestFaces.frame(300, 200, 60, 11);
        FaceBox box = new FaceBox(100, 40, 120, 120);
        EyePair turned = new EyePair(130, 80, 175, 92);
        FaceDetector oneFace = image -> List.of(box);
        ImagePreprocessor found = new ImagePreprocessor(
                ImageLimits.DEFAULT,
                FaceLocation.ALIGN,
                oneFace,
                (image, face) -> Optional.of(turned),
                NoFacePolicy.REJECT);
        ImagePreprocessor notFound = new ImagePreprocessor(
                ImageLimits.DEFAULT,
                FaceLocation.ALIGN,
                oneFace,
                (image, face) -> Optional.empty(),
                NoFacePolicy.REJECT);
        ImagePreprocessor detecting =
                new ImagePreprocessor(ImageLimits.DEFAULT, FaceLocation.DETECT, oneFace, null, NoFacePolicy.REJECT);

        // when
        Preprocessed aligned = found.prepare(png(frame));
        Preprocessed cropped = notFound.prepare(png(frame));

        // then the aligned crop where the eyes were found, the detector's crop where they were not
        // (the expected crop goes through an 8-bit PNG: equal up to that rounding)
        GrayImage expected = AlignedCrop.around(GrayImage.of(frame), turned);
        float[] expectedTensor = ImagePreprocessor.withDefaultLimits().preprocess(png(toImage(expected)));
        for (int i = 0; i < expectedTensor.length; i++) {
            assertThat(aligned.tensor()[i]).isCloseTo(expectedTensor[i], within(0.5f / 255 + 1e-6f));
        }
        assertThat(aligned.face()).isEqualTo(FaceOutcome.detected(1));
        assertThat(cropped.tensor())
                .containsExactly(detecting.prepare(png(frame)).tensor());
    }

    @Test
    void shouldReadTheModeFromTheManifestAndRefuseUnknownPreprocessing() {
        assertThat(Preprocessing.of(Preprocessing.seed(FaceLocation.DETECT).spec())
                        .faceLocation())
                .isEqualTo(FaceLocation.DETECT);
        assertThat(Preprocessing.of(Preprocessing.SEED.spec()).faceLocation()).isEqualTo(FaceLocation.NONE);
        assertThat(Preprocessing.of(Preprocessing.seed(FaceLocation.ALIGN).spec())
                        .faceLocation())
                .isEqualTo(FaceLocation.ALIGN);

        PreprocessingSpec unknownMode = Preprocessing.seed(FaceLocation.DETECT).spec();
        unknownMode.setFaceLocation("detect-dnn");
        assertThatThrownBy(() -> Preprocessing.of(unknownMode))
                .hasMessage("unknown face location 'detect-dnn' (expected one of none, detect, detect-fast, align)");
        PreprocessingSpec unknownId = Preprocessing.SEED.spec();
        unknownId.setId("gray-resize-v9");
        assertThatThrownBy(() -> Preprocessing.of(unknownId)).hasMessageContaining("gray-resize-v9");
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static BufferedImage toImage(GrayImage gray) {
        BufferedImage image = new BufferedImage(gray.width(), gray.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] bytes = gray.toBytes();
        for (int i = 0; i < bytes.length; i++) {
            image.getRaster().setSample(i % gray.width(), i / gray.width(), 0, bytes[i] & 0xff);
        }
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
