package io.emotionstream.model.preprocess;

/**
 * Bounds checked before an image is decoded, so that a hostile or broken input costs little.
 *
 * @param maxBytes         largest encoded size accepted
 * @param maxPixels        largest width x height accepted, read from the header before the pixels are decoded
 * @param maxSide          largest width or height accepted
 * @param maxDecodedBytes  heap one image may take while it is prepared: its decoded raster (width x height x the
 *                         bytes per pixel its format decodes to, e.g. 3 for 8-bit RGB, 8 for 16-bit RGBA) plus the
 *                         float grayscale copy and a float face crop (4 + 4 bytes per pixel), estimated from the header
 */
public record ImageLimits(int maxBytes, long maxPixels, int maxSide, long maxDecodedBytes) {
    /**
     * 16 MiB, 40 megapixels, 16384 pixels a side, 128 MiB of heap per image: room for any camera frame (a 12 MP
     * phone photo is ~130 MB to prepare), far below a decompression bomb, and two stream threads preparing the
     * largest accepted images at once stay within a 512 MiB heap.
     */
    public static final ImageLimits DEFAULT =
            new ImageLimits(16 * 1024 * 1024, 40_000_000L, 16_384, 128L * 1024 * 1024);

    /** Bytes per pixel of preprocessing's own copies: the float grayscale image and a float face crop. */
    public static final int WORKING_BYTES_PER_PIXEL = 8;

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxSide <= 0 || maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("image limits must be positive: " + maxBytes + ", " + maxPixels + ", "
                    + maxSide + ", " + maxDecodedBytes);
        }
    }

    /** Without a memory budget beyond what the pixel limits imply. */
    public ImageLimits(int maxBytes, long maxPixels, int maxSide) {
        this(maxBytes, maxPixels, maxSide, Long.MAX_VALUE);
    }
}
