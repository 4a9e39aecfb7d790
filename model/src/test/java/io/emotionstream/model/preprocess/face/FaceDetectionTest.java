package io.emotionstream.model.preprocess.face;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.preprocess.GrayImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the OpenCV detectors find in frames with synthetic faces at known places. The claims tested here are the ones
 * documented on {@link FaceLocation}: faces from 15% of the frame's short side up to the whole frame, anywhere in it,
 * turned up to 15 degrees (Haar) or 10 degrees (LBP) in the image plane.
 */
class FaceDetectionTest {
    private static final Map<FaceLocation, CascadeFaceDetector> DETECTORS = new EnumMap<>(FaceLocation.class);

    private static CascadeFaceDetector detector(FaceLocation mode) {
        return DETECTORS.computeIfAbsent(mode, CascadeFaceDetector::new);
    }

    static Stream<Arguments> placements() {
        List<Arguments> all = new ArrayList<>();
        for (FaceLocation mode : List.of(FaceLocation.DETECT, FaceLocation.DETECT_FAST)) {
            // top-left, centre, bottom-right; smallest supported (box ~ 16% of 480) to nearly the frame height
            all.add(Arguments.of(mode, new TestFaces.Placement(70, 70, 58, 0)));
            all.add(Arguments.of(mode, new TestFaces.Placement(320, 240, 100, 0)));
            all.add(Arguments.of(mode, new TestFaces.Placement(500, 330, 160, 0)));
            all.add(Arguments.of(mode, new TestFaces.Placement(320, 240, 300, 0)));
            all.add(Arguments.of(mode, new TestFaces.Placement(150, 300, 130, 0)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("placements")
    void shouldFindAFaceWhereItWasPasted(FaceLocation mode, TestFaces.Placement where) {
        // given a 640x480 frame with one face at a known place and scale
        GrayImage frame = GrayImage.of(TestFaces.withFace(640, 480, where));

        // when
        List<FaceBox> faces = detector(mode).detect(frame);

        // then
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).iou(where.expectedBox()))
                .as("IoU of %s with %s", faces.get(0), where.expectedBox())
                .isGreaterThan(0.7);
    }

    static Stream<Arguments> rotations() {
        return Stream.of(
                Arguments.of(FaceLocation.DETECT, 15.0),
                Arguments.of(FaceLocation.DETECT, -15.0),
                Arguments.of(FaceLocation.DETECT, 8.0),
                Arguments.of(FaceLocation.DETECT_FAST, 10.0),
                Arguments.of(FaceLocation.DETECT_FAST, -10.0));
    }

    @ParameterizedTest(name = "{0} at {1} degrees")
    @MethodSource("rotations")
    void shouldFindFacesTurnedInTheImagePlaneUpToTheDocumentedAngle(FaceLocation mode, double degrees) {
        for (double size : new double[] {90, 150}) {
            TestFaces.Placement where = new TestFaces.Placement(300, 220, size, degrees);

            List<FaceBox> faces = detector(mode).detect(GrayImage.of(TestFaces.withFace(640, 480, where)));

            assertThat(faces).as("faces of size %s", size).isNotEmpty();
            assertThat(faces.get(0).iou(where.expectedBox())).isGreaterThan(0.6);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FaceLocation.class,
            names = {"DETECT", "DETECT_FAST"})
    void shouldFindATightCropWhoseFaceTouchesTheBorder(FaceLocation mode) {
        // given a 48x48 image that is all face, like CK+48: the detector's padding is what makes this work
        TestFaces.Placement where = new TestFaces.Placement(24, 26, 36, 0);
        BufferedImage tight = TestFaces.withFace(48, 48, where);

        List<FaceBox> faces = detector(mode).detect(GrayImage.of(tight));

        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).iou(where.expectedBox())).isGreaterThan(0.6);
    }

    @ParameterizedTest
    @EnumSource(
            value = FaceLocation.class,
            names = {"DETECT", "DETECT_FAST"})
    void shouldFindNothingInFramesWithoutFaces(FaceLocation mode) {
        for (BufferedImage empty : List.of(TestFaces.frame(640, 480, 70, 1), gradient(), shapesAndText())) {
            assertThat(detector(mode).detect(GrayImage.of(empty))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FaceLocation.class,
            names = {"DETECT", "DETECT_FAST"})
    void shouldReportEveryFaceLargestFirst(FaceLocation mode) {
        // given three faces of different sizes
        TestFaces.Placement small = new TestFaces.Placement(110, 150, 80, 0);
        TestFaces.Placement large = new TestFaces.Placement(400, 250, 170, 0);
        TestFaces.Placement medium = new TestFaces.Placement(670, 300, 120, 0);
        BufferedImage frame = TestFaces.withFaces(800, 480, 2, small, large, medium);

        List<FaceBox> faces = detector(mode).detect(GrayImage.of(frame));

        assertThat(faces).hasSize(3);
        assertThat(faces.get(0).iou(large.expectedBox())).isGreaterThan(0.7);
        assertThat(faces.get(1).iou(medium.expectedBox())).isGreaterThan(0.7);
        assertThat(faces.get(2).iou(small.expectedBox())).isGreaterThan(0.7);
    }

    @Test
    void shouldIgnoreFacesSmallerThanTheMinimumFraction() {
        // 15% of 480 = 72 px box; this face's box is ~40 px
        TestFaces.Placement tiny = new TestFaces.Placement(300, 200, 30, 0);

        assertThat(detector(FaceLocation.DETECT).detect(GrayImage.of(TestFaces.withFace(640, 480, tiny))))
                .isEmpty();
    }

    @Test
    void shouldBeSafeToShareBetweenThreads() throws Exception {
        CascadeFaceDetector shared = detector(FaceLocation.DETECT);
        TestFaces.Placement where = new TestFaces.Placement(320, 240, 120, 0);
        GrayImage frame = GrayImage.of(TestFaces.withFace(640, 480, where));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    try {
                        assertThat(shared.detect(frame)).hasSize(1);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    private static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                image.getRaster().setSample(x, y, 0, (x / 3 + y / 4) % 256);
            }
        }
        return image;
    }

    private static BufferedImage shapesAndText() {
        BufferedImage image = TestFaces.frame(640, 480, 120, 3);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(40, 40, 200, 120);
        g.setColor(Color.WHITE);
        g.fillOval(300, 200, 160, 160);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
        g.drawString("emotion-stream", 60, 420);
        g.dispose();
        return image;
    }
}
