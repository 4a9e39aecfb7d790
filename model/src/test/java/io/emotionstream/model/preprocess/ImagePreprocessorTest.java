package io.emotionstream.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePreprocessorTest {
    /** PIL rounds to 8 bits after each resampling pass; we keep floats. One gray level covers the difference. */
    private static final float PIL_TOLERANCE = 1.01f / 255f;

    private final ImagePreprocessor preprocessor = ImagePreprocessor.withDefaultLimits();

    @ParameterizedTest
    @ValueSource(strings = {"pattern-gray", "pattern-rgb"})
    void shouldMatchPilsGrayscaleAndBilinearResizeWithinOneGrayLevel(String name) throws Exception {
        // given a 256x256 pattern with fine stripes (aliasing would show) and PIL's 48x48 result for it,
        // computed with Image.open(png).convert("L").resize((48, 48), Image.BILINEAR) / 255
        byte[] png = resource("golden/" + name + ".png");
        float[] expected = pilGolden("golden/" + name + ".pil48.txt");

        float[] actual = preprocessor.preprocess(png);

        assertThat(actual).hasSize(48 * 48);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("pixel %d", i).isCloseTo(expected[i], within(PIL_TOLERANCE));
        }
    }

    @Test
    void shouldPassA48x48GrayImageThroughAsItsPixelsOver255() throws Exception {
        // given a CK+48-sized gray image (PIL's resize to the same size is a copy)
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 48 * 48; i++) {
            image.getRaster().setSample(i % 48, i / 48, 0, (i * 37) % 256);
        }

        float[] tensor = preprocessor.preprocess(encode(image, "png"));

        for (int i = 0; i < tensor.length; i++) {
            assertThat(tensor[i]).as("pixel %d", i).isEqualTo(((i * 37) % 256) / 255f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff", "gif"})
    void shouldGiveTheSameTensorForEveryLosslessFormat(String format) throws Exception {
        BufferedImage gray = ImageIO.read(new ByteArrayInputStream(resource("golden/pattern-gray.png")));
        float[] reference = preprocessor.toTensor(gray);

        float[] viaFormat = preprocessor.preprocess(encode(gray, format));

        assertThat(viaFormat).containsExactly(reference, within(1e-6f));
    }

    @Test
    void shouldReadPaletteTiffsThroughTheirPalette() throws Exception {
        // given a palette TIFF (as 23 JAFFE images are) whose palette inverts the gray levels
        BufferedImage gray = ImageIO.read(new ByteArrayInputStream(resource("golden/pattern-gray.png")));
        byte[] inverted = new byte[256];
        for (int i = 0; i < 256; i++) {
            inverted[i] = (byte) (255 - i);
        }
        BufferedImage indexed = new BufferedImage(
                gray.getWidth(),
                gray.getHeight(),
                BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, inverted, inverted, inverted));
        indexed.getRaster().setRect(gray.getRaster());

        float[] tensor = preprocessor.preprocess(encode(indexed, "tiff"));

        float[] plain = preprocessor.toTensor(gray);
        for (int i = 0; i < tensor.length; i++) {
            assertThat(tensor[i]).isCloseTo(1f - plain[i], within(1e-5f));
        }
    }

    @Test
    void shouldStayCloseToTheLosslessTensorForJpeg() throws Exception {
        BufferedImage rgb = ImageIO.read(new ByteArrayInputStream(resource("golden/pattern-rgb.png")));
        float[] lossless = preprocessor.toTensor(rgb);

        float[] jpeg = preprocessor.preprocess(encode(rgb, "jpeg"));

        double meanError = 0;
        for (int i = 0; i < jpeg.length; i++) {
            meanError += Math.abs(jpeg[i] - lossless[i]) / jpeg.length;
        }
        assertThat(meanError).isLessThan(0.02);
    }

    @Test
    void shouldMapBlackToZeroAndWhiteToOne() throws Exception {
        assertThat(preprocessor.preprocess(encode(uniform(100, 60, 0), "png"))).containsOnly(0f);
        assertThat(preprocessor.preprocess(encode(uniform(30, 30, 255), "png"))).containsOnly(1f);
    }

    @Test
    void shouldUpscaleSmallImagesWithoutChangingAUniformValue() throws Exception {
        float[] tensor = preprocessor.preprocess(encode(uniform(7, 5, 51), "png"));

        assertThat(tensor).containsOnly(0.2f);
    }

    @Test
    void shouldRejectEmptyInput() {
        assertRejected(new byte[0], RejectReason.EMPTY);
    }

    @Test
    void shouldRejectBytesThatAreNotAnImage() {
        assertRejected(
                "hello, this is not an image".getBytes(StandardCharsets.UTF_8), RejectReason.UNRECOGNIZED_FORMAT);
    }

    @Test
    void shouldRejectATruncatedPng() throws Exception {
        byte[] png = resource("golden/pattern-gray.png");

        assertRejected(Arrays.copyOf(png, png.length / 2), RejectReason.TRUNCATED);
    }

    @Test
    void shouldRejectATruncatedJpeg() throws Exception {
        BufferedImage rgb = ImageIO.read(new ByteArrayInputStream(resource("golden/pattern-rgb.png")));
        byte[] jpeg = encode(rgb, "jpeg");

        assertRejected(Arrays.copyOf(jpeg, jpeg.length / 2), RejectReason.TRUNCATED);
    }

    @Test
    void shouldRefuseADecompressionBombFromItsHeaderAlone() {
        // given a tiny PNG whose header claims 60000 x 60000 pixels (3.6 gigapixels)
        assertRejected(TestPngs.headerOnly(60_000, 60_000), RejectReason.TOO_MANY_PIXELS);
    }

    @Test
    void shouldRejectZeroDimensions() {
        assertRejected(TestPngs.headerOnly(0, 48), RejectReason.BAD_DIMENSIONS);
    }

    @Test
    void shouldRefuseMoreBytesThanTheLimit() {
        ImagePreprocessor strict = new ImagePreprocessor(new ImageLimits(1000, 1_000_000, 1000));

        assertThatThrownBy(() -> strict.preprocess(new byte[1001]))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_BYTES));
    }

    private void assertRejected(byte[] bytes, RejectReason reason) {
        assertThatThrownBy(() -> preprocessor.preprocess(bytes))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(reason.code() + ":");
    }

    static BufferedImage uniform(int width, int height, int level) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[width];
        Arrays.fill(row, level);
        for (int y = 0; y < height; y++) {
            image.getRaster().setSamples(0, y, width, 1, 0, row);
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ImagePreprocessorTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    private static float[] pilGolden(String path) throws IOException {
        String[] tokens =
                new String(resource(path), StandardCharsets.US_ASCII).trim().split("\\s+");
        float[] values = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            values[i] = Float.parseFloat(tokens[i]);
        }
        return values;
    }
}
