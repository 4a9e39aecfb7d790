package io.emotionstream.model.preprocess;

/**
 * Separable bilinear (triangle-filter) resampling that widens its filter when shrinking, as PIL's
 * {@code Image.resize(..., BILINEAR)} does. A plain 4-tap bilinear would alias badly when a 256x256 JAFFE image
 * becomes 48x48; this one averages every source pixel under the output pixel's footprint.
 */
final class TriangleResampler {
    private TriangleResampler() {}

    static float[] resize(float[] source, int width, int height, int outWidth, int outHeight) {
        if (width == outWidth && height == outHeight) {
            // PIL returns a copy here too; the triangle kernel at scale 1 has weights {1, 0}, so it is exact.
            return source.clone();
        }
        float[] horizontal = new float[outWidth * height];
        Kernel kx = Kernel.of(width, outWidth);
        for (int y = 0; y < height; y++) {
            kx.apply(source, y * width, 1, horizontal, y * outWidth, 1);
        }
        float[] out = new float[outWidth * outHeight];
        Kernel ky = Kernel.of(height, outHeight);
        for (int x = 0; x < outWidth; x++) {
            ky.apply(horizontal, x, outWidth, out, x, outWidth);
        }
        return out;
    }

    /** Per output index: the first source index it reads and the normalised weights of the source pixels read. */
    private record Kernel(int[] first, float[][] weights) {
        static Kernel of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // triangle filter has radius 1, stretched by the shrink factor
            int[] first = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int min = Math.max(0, (int) (center - support + 0.5));
                int max = Math.min(inSize, (int) (center + support + 0.5));
                double[] w = new double[max - min];
                double total = 0;
                for (int j = min; j < max; j++) {
                    double t = Math.abs((j - center + 0.5) / filterScale);
                    w[j - min] = t < 1 ? 1 - t : 0;
                    total += w[j - min];
                }
                weights[i] = new float[w.length];
                for (int k = 0; k < w.length; k++) {
                    weights[i][k] = (float) (total == 0 ? 0 : w[k] / total);
                }
                first[i] = min;
            }
            return new Kernel(first, weights);
        }

        void apply(float[] in, int inOffset, int inStride, float[] out, int outOffset, int outStride) {
            for (int i = 0; i < first.length; i++) {
                float[] w = weights[i];
                int base = inOffset + first[i] * inStride;
                float sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * in[base + k * inStride];
                }
                out[outOffset + i * outStride] = sum;
            }
        }
    }
}
