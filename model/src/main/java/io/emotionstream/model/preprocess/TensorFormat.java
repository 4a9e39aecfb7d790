package io.emotionstream.model.preprocess;

/**
 * The square grayscale tensor a network takes: its side in pixels and how gray values are scaled. The seed CNN's
 * is 48 and {@link PixelScale#UNIT}; an imported network brings its own (mini-Xception: 64, symmetric). Sides are
 * bounded, so a manifest cannot ask serving for a tensor that does not fit in memory.
 */
public record TensorFormat(int size, PixelScale scale) {
    public static final int MIN_SIZE = 16;
    public static final int MAX_SIZE = 256;
    public static final TensorFormat SEED = new TensorFormat(48, PixelScale.UNIT);

    public TensorFormat {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "a tensor side of " + size + " pixels is outside [" + MIN_SIZE + ", " + MAX_SIZE + "]");
        }
        if (scale == null) {
            throw new IllegalArgumentException("a tensor format needs a pixel scale");
        }
    }

    /** Values in one tensor. */
    public int pixels() {
        return size * size;
    }

    /** The resize step's name in manifests, e.g. {@code bilinear-antialiased-48x48}. */
    public String resizeCode() {
        return "bilinear-antialiased-" + size + "x" + size;
    }

    @Override
    public String toString() {
        return size + "x" + size + " " + scale.code();
    }
}
