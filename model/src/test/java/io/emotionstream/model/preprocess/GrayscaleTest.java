package io.emotionstream.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrayscaleTest {
    @ParameterizedTest
    @ValueSource(
            ints = {
                BufferedImage.TYPE_3BYTE_BGR,
                BufferedImage.TYPE_4BYTE_ABGR,
                BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_4BYTE_ABGR_PRE
            })
    void shouldGiveExactlyTheLumaOfGetRgbWhateverTheRasterLayout(int type) {
        BufferedImage image = randomImage(type, 37, 23);

        assertThat(Grayscale.of(image)).containsExactly(lumaViaGetRgb(image));
    }

    @Test
    void shouldReadASubimageThroughItsOwnWindowOfTheSharedRaster() {
        BufferedImage part = randomImage(BufferedImage.TYPE_3BYTE_BGR, 60, 40).getSubimage(5, 7, 30, 20);

        assertThat(Grayscale.of(part)).containsExactly(lumaViaGetRgb(part));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "bmp"})
    void shouldGiveExactlyTheLumaOfGetRgbForDecodedFiles(String format) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(randomImage(BufferedImage.TYPE_INT_RGB, 64, 40), format, bytes);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(Grayscale.of(decoded)).containsExactly(lumaViaGetRgb(decoded));
    }

    /** The reference: BT.601 weights over what {@code getRGB} reports, pixel by pixel. */
    private static float[] lumaViaGetRgb(BufferedImage image) {
        float[] out = new float[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                out[y * image.getWidth() + x] =
                        0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
            }
        }
        return out;
    }

    private static BufferedImage randomImage(int type, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }
}
