package io.emotionstream.model.preprocess;

/**
 * Bounds checked before an image is decoded, so that a hostile or broken input costs little.
 *
 * @param maxBytes  largest encoded size accepted
 * @param maxPixels largest width x height accepted, read from the header before the pixels are decoded
 * @param maxSide   largest width or height accepted
 */
public record ImageLimits(int maxBytes, long maxPixels, int maxSide) {
    /** 16 MiB, 40 megapixels, 16384 pixels a side: room for any camera frame, far below a decompression bomb. */
    public static final ImageLimits DEFAULT = new ImageLimits(16 * 1024 * 1024, 40_000_000L, 16_384);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException("image limits must be positive: " + maxBytes + ", " + maxPixels + ", " + maxSide);
        }
    }
}
