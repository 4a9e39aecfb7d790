package io.emotionstream.model.preprocess.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.preprocess.GrayImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlignedCropTest {
    /** A dark image with a bright blob of the given radius at each given point. */
    private static GrayImage blobs(int width, int height, double radius, double... xy) {
        float[] pixels = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int i = 0; i < xy.length; i += 2) {
                    double d2 = Math.pow(x + 0.5 - xy[i], 2) + Math.pow(y + 0.5 - xy[i + 1], 2);
                    pixels[y * width + x] += (float) (200 * Math.exp(-d2 / (radius * radius)));
                }
            }
        }
        return new GrayImage(pixels, width, height);
    }

    /** The crop's two blobs sit level at the average eye height, centred and the average distance apart. */
    private static void assertEyesInPlace(GrayImage crop, double pixels) {
        int side = crop.width();
        double[] left = blobCentre(crop, true);
        double[] right = blobCentre(crop, false);
        assertThat(left[0]).isCloseTo((0.5 - AlignedCrop.EYE_DISTANCE / 2) * side, within(pixels));
        assertThat(right[0]).isCloseTo((0.5 + AlignedCrop.EYE_DISTANCE / 2) * side, within(pixels));
        assertThat(left[1]).isCloseTo(AlignedCrop.EYE_Y * side, within(pixels));
        assertThat(right[1]).isCloseTo(AlignedCrop.EYE_Y * side, within(pixels));
    }

    /** The centre of mass of the bright pixels in the crop's left or right half. */
    private static double[] blobCentre(GrayImage crop, boolean left) {
        double sx = 0;
        double sy = 0;
        double mass = 0;
        for (int y = 0; y < crop.height(); y++) {
            for (int x = 0; x < crop.width(); x++) {
                if ((x < crop.width() / 2) == left) {
                    double v = Math.max(0, crop.pixels()[y * crop.width() + x] - 20);
                    sx += v * (x + 0.5);
                    sy += v * (y + 0.5);
                    mass += v;
                }
            }
        }
        return new double[] {sx / mass, sy / mass};
    }

    @ParameterizedTest(name = "eyes {2} px apart turned {3} degrees")
    @CsvSource({"100, 90, 40, 0", "120, 80, 60, 20", "90, 100, 50, -15", "60, 60, 80, 5"})
    void shouldPutTheEyesLevelAtTheAveragePlace(double midX, double midY, double distance, double degrees) {
        // given eyes at a known middle, distance and tilt
        double dx = distance / 2 * Math.cos(Math.toRadians(degrees));
        double dy = distance / 2 * Math.sin(Math.toRadians(degrees));
        EyePair eyes = new EyePair(midX - dx, midY - dy, midX + dx, midY + dy);
        GrayImage image = blobs(200, 180, 2, eyes.leftX(), eyes.leftY(), eyes.rightX(), eyes.rightY());

        // when
        GrayImage crop = AlignedCrop.around(image, eyes);

        // then the crop keeps the source's resolution and the eyes sit level, centred, at the average height
        int side = (int) Math.round(distance / AlignedCrop.EYE_DISTANCE);
        assertThat(crop.width()).isEqualTo(side);
        assertThat(crop.height()).isEqualTo(side);
        assertEyesInPlace(crop, 0.5);
    }

    @Test
    void shouldBoundTheCropOfALargeFaceAndStillPutTheEyesInPlace() {
        // given eyes 800 px apart in a 2400x2000 image: at the source's resolution the crop would be 2122 px a side
        EyePair eyes = new EyePair(800, 900, 1600, 1000);
        GrayImage image = blobs(2400, 2000, 20, eyes.leftX(), eyes.leftY(), eyes.rightX(), eyes.rightY());

        // when
        GrayImage crop = AlignedCrop.around(image, eyes);

        // then it is at most MAX_SIDE a side, and the eyes are level at their place
        assertThat(crop.width()).isLessThanOrEqualTo(AlignedCrop.MAX_SIDE).isGreaterThan(AlignedCrop.MAX_SIDE - 3);
        assertEyesInPlace(crop, 1.0);
    }

    @Test
    void shouldCopyPixelsUnchangedWhenTheEyesAreAlreadyWhereTheCropPutsThem() {
        // given level eyes whose crop (side 100) starts exactly at the image's pixel (10, 20)
        float[] pixels = new float[200 * 200];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 200) + 0.25f * (i / 200);
        }
        GrayImage image = new GrayImage(pixels, 200, 200);
        double half = AlignedCrop.EYE_DISTANCE * 100 / 2;
        double eyeY = 20 + AlignedCrop.EYE_Y * 100;
        EyePair eyes = new EyePair(60 - half, eyeY, 60 + half, eyeY);

        // when
        GrayImage crop = AlignedCrop.around(image, eyes);

        // then a plain copy
        assertThat(crop.width()).isEqualTo(100);
        assertThat(crop.pixels()[0]).isCloseTo(10 + 0.25f * 20, within(1e-3f));
        assertThat(crop.pixels()[99 * 100 + 99]).isCloseTo(109 + 0.25f * 119, within(1e-3f));
    }
}
