package io.emotionstream.model.preprocess;

import java.awt.image.BufferedImage;

/** One channel of floats in [0, 255], row-major: what every preprocessing step after decoding works on. */
public record GrayImage(float[] pixels, int width, int height) {
    public GrayImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "a " + width + "x" + height + " image needs " + width * height + " pixels, got " + pixels.length);
        }
    }

    /** BT.601 luma of any decoded image (see {@link Grayscale}). */
    public static GrayImage of(BufferedImage image) {
        return new GrayImage(Grayscale.of(image), image.getWidth(), image.getHeight());
    }

    /** This image resized with the preprocessing's antialiased bilinear filter. */
    public GrayImage resized(int newWidth, int newHeight) {
        return new GrayImage(TriangleResampler.resize(pixels, width, height, newWidth, newHeight), newWidth, newHeight);
    }

    /** Rounded to 8 bits, for native detectors. */
    public byte[] toBytes() {
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = (byte) Math.round(Math.min(255f, Math.max(0f, pixels[i])));
        }
        return bytes;
    }
}
