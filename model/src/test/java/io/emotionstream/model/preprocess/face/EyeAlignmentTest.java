package io.emotionstream.model.preprocess.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.preprocess.GrayImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The eye locator on synthetic faces whose eyes are drawn at known places. OpenCV's eye cascade was trained on
 * photographs, and on these drawings it misses an eye now and then (on CK+48 and JAFFE it finds both in 82% and 98% of
 * faces: bench/eye-alignment.sh), so the claims are: found in most placements, and where found, in the right place.
 */
class EyeAlignmentTest {
    private static final CascadeFaceDetector FACES = new CascadeFaceDetector(FaceLocation.ALIGN);
    private static final CascadeEyeLocator EYES = new CascadeEyeLocator();

    @Test
    void shouldFindBothEyesWhereTheyWereDrawnInMostFacesAndNeverElsewhere() {
        // given faces from 60 to 300 pixels wide, level and turned up to 12 degrees either way
        List<TestFaces.Placement> placements = new ArrayList<>();
        for (double size : new double[] {60, 90, 150, 200, 300}) {
            for (double degrees : new double[] {-12, 0, 12}) {
                placements.add(new TestFaces.Placement(320, 240, size, degrees));
            }
        }
        int found = 0;
        for (TestFaces.Placement where : placements) {
            GrayImage frame = GrayImage.of(TestFaces.withFace(640, 480, where));
            List<FaceBox> faces = FACES.detect(frame);
            assertThat(faces).as("faces at %s", where).isNotEmpty();

            // when
            Optional<EyePair> eyes = EYES.locate(frame, faces.get(0));

            // then, where found, each eye is within a tenth of the eye distance and the tilt within 7 degrees (the
            // cascade's boxes are coarse: a 12-degree face measured 6.2)
            if (eyes.isPresent()) {
                found++;
                EyePair drawn = where.eyes();
                double tolerance = 0.1 * drawn.distance();
                assertThat(eyes.get().leftX()).as("left x at %s", where).isCloseTo(drawn.leftX(), within(tolerance));
                assertThat(eyes.get().leftY()).as("left y at %s", where).isCloseTo(drawn.leftY(), within(tolerance));
                assertThat(eyes.get().rightX()).as("right x at %s", where).isCloseTo(drawn.rightX(), within(tolerance));
                assertThat(eyes.get().rightY()).as("right y at %s", where).isCloseTo(drawn.rightY(), within(tolerance));
                assertThat(Math.toDegrees(eyes.get().angle()))
                        .as("tilt at %s", where)
                        .isCloseTo(where.degrees(), within(7.0));
            }
        }
        assertThat(found)
                .as("placements with both eyes found, of %d", placements.size())
                .isGreaterThanOrEqualTo(placements.size() * 3 / 4);
    }

    @Test
    void shouldTakeThePlausiblePairNearestTheUsualPlacesAmongFalseFinds() {
        // given a 100x100 face box and finds: a brow pair, the eyes, a nostril and one find far too low
        FaceBox face = new FaceBox(0, 0, 100, 100);
        List<double[]> finds = List.of(
                new double[] {31, 26},
                new double[] {69, 26},
                new double[] {30, 39},
                new double[] {70, 38},
                new double[] {47, 58},
                new double[] {75, 90});

        // when
        Optional<EyePair> eyes = CascadeEyeLocator.bestPair(finds, face);

        // then the eyes
        assertThat(eyes).contains(new EyePair(30, 39, 70, 38));
    }

    @Test
    void shouldRefusePairsTooCloseTooFarOrTooTilted() {
        FaceBox face = new FaceBox(0, 0, 100, 100);

        assertThat(CascadeEyeLocator.plausible(new EyePair(30, 38, 70, 38), face))
                .isTrue();
        assertThat(CascadeEyeLocator.plausible(new EyePair(40, 38, 60, 38), face))
                .as("20% apart")
                .isFalse();
        assertThat(CascadeEyeLocator.plausible(new EyePair(10, 38, 80, 38), face))
                .as("70% apart")
                .isFalse();
        assertThat(CascadeEyeLocator.plausible(new EyePair(30, 30, 70, 50), face))
                .as("tilted 26.6 degrees")
                .isFalse();
        assertThat(CascadeEyeLocator.bestPair(List.of(new double[] {30, 38}, new double[] {45, 38}), face))
                .as("both in the left half")
                .isEmpty();
    }
}
