package io.emotionstream.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Sample formats beyond 8-bit: each is either decoded to the same tensor as its 8-bit reference or refused with a
 * named reason; and what one image may cost in heap is bounded before it is decoded.
 */
class SampleFormatsTest {
    private final ImagePreprocessor preprocessor = ImagePreprocessor.withDefaultLimits();

    @Test
    void shouldDecode16BitGrayExactlyLikeIts8BitReference() throws Exception {
        BufferedImage reference = gradient(40, 30);
        BufferedImage deep = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                deep.getRaster().setSample(x, y, 0, reference.getRaster().getSample(x, y, 0) * 257);
            }
        }

        assertThat(preprocessor.preprocess(png(deep)))
                .containsExactly(preprocessor.preprocess(png(reference)), within(1e-6f));
    }

    @Test
    void shouldDecode16BitRgbWithinOneGrayLevelOfIts8BitReference() throws Exception {
        BufferedImage reference = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        ComponentColorModel model16 = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster16 = model16.createCompatibleWritableRaster(40, 30);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                int r = x * 6;
                int g = y * 8;
                int b = 255 - x * 3;
                reference.setRGB(x, y, r << 16 | g << 8 | b);
                raster16.setPixel(x, y, new int[] {r * 257, g * 257, b * 257});
            }
        }
        BufferedImage deep = new BufferedImage(model16, raster16, false, null);

        assertThat(preprocessor.preprocess(png(deep)))
                .containsExactly(preprocessor.preprocess(png(reference)), within(1f / 255));
    }

    @Test
    void shouldUseTheFirstFrameOfAnAnimatedGif() throws Exception {
        byte[] gif = animatedGif(ImagePreprocessorTest.uniform(30, 30, 0), ImagePreprocessorTest.uniform(30, 30, 255));

        assertThat(preprocessor.preprocess(gif)).containsOnly(0f);
    }

    @Test
    void shouldRefuseFloatingPointSamples() throws Exception {
        ComponentColorModel floats = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = floats.createCompatibleWritableRaster(20, 20);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                raster.setSample(x, y, 0, 0.5f);
            }
        }
        byte[] tiff = ImagePreprocessorTest.encode(new BufferedImage(floats, raster, false, null), "tiff");

        assertRejected(tiff, RejectReason.UNSUPPORTED_SAMPLES);
    }

    @Test
    void shouldRefuseACmykJpegWithANamedReason() throws Exception {
        // four-band JPEG (as CMYK cameras and print workflows write): Java's reader cannot convert it
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                cmyk.setPixel(x, y, new int[] {x * 8, y * 8, 40, 10});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(new IIOImage(cmyk, null, null));
        }
        writer.dispose();

        assertThatThrownBy(() -> preprocessor.preprocess(out.toByteArray()))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isIn(RejectReason.UNSUPPORTED_SAMPLES, RejectReason.CORRUPT));
    }

    @Test
    void shouldRefuseAnImageWhosePreparationWouldExceedTheHeapBudget_beforeDecodingIt() throws Exception {
        // 16-bit RGBA, 3,000 x 3,000: 9 MP x (8 decoded + 8 working) bytes = 137 MiB, over the 128 MiB budget
        ComponentColorModel rgba16 = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_USHORT);
        byte[] deepAndLarge =
                png(new BufferedImage(rgba16, rgba16.createCompatibleWritableRaster(3000, 3000), false, null));
        // the same size in 8-bit gray: 9 MP x (1 + 8) bytes = 77 MiB, within it
        byte[] grayAndLarge = png(ImagePreprocessorTest.uniform(3000, 3000, 90));

        assertRejected(deepAndLarge, RejectReason.OVER_MEMORY_BUDGET);
        assertThat(preprocessor.preprocess(grayAndLarge)).hasSize(48 * 48);
    }

    private void assertRejected(byte[] bytes, RejectReason reason) {
        assertThatThrownBy(() -> preprocessor.preprocess(bytes))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 6 + y * 2) & 0xFF);
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        return ImagePreprocessorTest.encode(image, "png");
    }

    private static byte[] animatedGif(BufferedImage... frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        }
        writer.dispose();
        return out.toByteArray();
    }
}
