package io.emotionstream.model.preprocess;

/**
 * Global histogram equalisation of a tensor in [0, 1] (256 levels): spreads the image's grey levels over the whole
 * range, so a dim JAFFE scan and a bright CK+ frame reach the network with the same contrast. The mapping is the
 * classic one (Gonzalez and Woods, "Digital Image Processing", 3.3.1): level -> (cdf(level) - cdf_min) / (n - cdf_min).
 */
public final class HistogramEqualisation {
    private static final int LEVELS = 256;

    private HistogramEqualisation() {}

    /** An equalised copy; a flat image (one grey level) comes back unchanged. */
    public static float[] apply(float[] pixels) {
        int[] histogram = new int[LEVELS];
        int[] level = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            level[i] = Math.min(LEVELS - 1, Math.max(0, Math.round(pixels[i] * (LEVELS - 1))));
            histogram[level[i]]++;
        }
        int[] cdf = new int[LEVELS];
        int running = 0;
        int cdfMin = 0;
        for (int v = 0; v < LEVELS; v++) {
            running += histogram[v];
            cdf[v] = running;
            if (cdfMin == 0 && running > 0) {
                cdfMin = running;
            }
        }
        int n = pixels.length;
        if (n == cdfMin) {
            return pixels.clone();
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (cdf[level[i]] - cdfMin) / (n - cdfMin);
        }
        return out;
    }
}
