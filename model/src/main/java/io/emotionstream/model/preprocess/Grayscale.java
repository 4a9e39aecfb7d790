package io.emotionstream.model.preprocess;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Reduces any decoded image to one channel of floats in [0, 255], with ITU-R BT.601 luma weights (what PIL's
 * {@code convert("L")} uses, so Java and the PyTorch reference see the same pixels).
 *
 * <p>Grayscale rasters are read as raw samples: going through {@code getRGB} would apply Java's linear-gray to sRGB
 * conversion and brighten every pixel.
 */
final class Grayscale {
    private static final float R = 0.299f;
    private static final float G = 0.587f;
    private static final float B = 0.114f;

    private Grayscale() {}

    static float[] of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] gray = new float[width * height];
        Raster raster = image.getRaster();
        if (image.getColorModel() instanceof IndexColorModel palette) {
            int[] index = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, index);
                for (int x = 0; x < width; x++) {
                    int i = index[x];
                    gray[y * width + x] = R * palette.getRed(i) + G * palette.getGreen(i) + B * palette.getBlue(i);
                }
            }
        } else if (image.getColorModel().getNumColorComponents() == 1) {
            int bits = image.getColorModel().getComponentSize(0);
            float toByteRange = 255f / ((1L << bits) - 1);
            int[] samples = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, samples);
                for (int x = 0; x < width; x++) {
                    gray[y * width + x] = samples[x] * toByteRange;
                }
            }
        } else if (isPlainSrgbBytes(image)
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel interleaved
                && raster.getDataBuffer() instanceof DataBufferByte buffer
                && raster.getParent() == null
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0) {
            // Same numbers as getRGB (sRGB 8-bit samples are reported as they are), read straight from the bytes:
            // getRGB goes through the colour model pixel by pixel, 3.3 ms for a 640x480 camera frame.
            byte[] data = buffer.getData();
            int[] offsets = interleaved.getBandOffsets();
            int stride = interleaved.getPixelStride();
            int scanline = interleaved.getScanlineStride();
            for (int y = 0; y < height; y++) {
                for (int x = 0, p = y * scanline; x < width; x++, p += stride) {
                    gray[y * width + x] = R * (data[p + offsets[0]] & 0xff)
                            + G * (data[p + offsets[1]] & 0xff)
                            + B * (data[p + offsets[2]] & 0xff);
                }
            }
        } else {
            int[] argb = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, argb, 0, width);
                for (int x = 0; x < width; x++) {
                    int p = argb[x];
                    gray[y * width + x] = R * ((p >> 16) & 0xff) + G * ((p >> 8) & 0xff) + B * (p & 0xff);
                }
            }
        }
        return gray;
    }

    /** 8-bit R, G, B (and straight alpha) samples in sRGB, e.g. what ImageIO decodes a JPEG or a PNG into. */
    private static boolean isPlainSrgbBytes(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (!(model instanceof ComponentColorModel)
                || !model.getColorSpace().isCS_sRGB()
                || model.getNumColorComponents() != 3
                || model.isAlphaPremultiplied()
                || model.getTransferType() != DataBuffer.TYPE_BYTE) {
            return false;
        }
        for (int size : model.getComponentSize()) {
            if (size != 8) {
                return false;
            }
        }
        return true;
    }
}
