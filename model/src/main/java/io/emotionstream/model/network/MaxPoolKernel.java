package io.emotionstream.model.network;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over non-overlapping windows (kernel = stride, no padding) of contiguous NCHW planes, in plain Java.
 * The seed CNN's two 2x2 pools took 70% of a forward pass in oneDNN's reference pooling ({@code simple_nchw}: the
 * jit kernels want a blocked layout that DL4J never hands over); this loop does the same work in a tenth of the time.
 *
 * <p>The gradient goes to the first maximum of each window in row-major order, as libnd4j's and oneDNN's do.
 */
final class MaxPoolKernel {
    /** What happens to pooled values before they are stored: an activation fused into the pool's pass. */
    @FunctionalInterface
    interface PooledTransform {
        PooledTransform NONE = (values, length) -> {};

        void applyInPlace(float[] values, int length);
    }

    private MaxPoolKernel() {}

    /**
     * {@link #forward(FloatBuffer, FloatBuffer, int, int, int, int, int)} on ND4J arrays: {@code in} is a contiguous
     * c-ordered float {@code [n, c, h, w]}, {@code out} a contiguous {@code [n, c, h / kh, w / kw]} it fills.
     */
    static void forward(INDArray in, INDArray out, int kh, int kw) {
        forward(in, out, kh, kw, PooledTransform.NONE);
    }

    /** Like {@link #forward(INDArray, INDArray, int, int)}, with {@code then} applied to the pooled values. */
    static void forward(INDArray in, INDArray out, int kh, int kw, PooledTransform then) {
        forward(
                floats(in),
                floats(out),
                (int) (in.size(0) * in.size(1)),
                (int) in.size(2),
                (int) in.size(3),
                kh,
                kw,
                then);
    }

    /** {@code array} itself when {@link #floats} can read it in place (c-ordered, dense, from offset 0), else a copy that is. */
    static INDArray contiguous(INDArray array) {
        boolean dense = array.ordering() == 'c'
                && !array.isView()
                && array.offset() == 0
                && array.data().length() == array.length();
        return dense ? array : array.dup('c');
    }

    /** The float values of a contiguous array, in place (no copy). */
    static FloatBuffer floats(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** {@code out[p][y][x] = max of in[p][y*kh .. y*kh+kh-1][x*kw .. x*kw+kw-1]} for every plane p. */
    static void forward(FloatBuffer in, FloatBuffer out, int planes, int height, int width, int kh, int kw) {
        forward(in, out, planes, height, width, kh, kw, PooledTransform.NONE);
    }

    private static void forward(
            FloatBuffer in, FloatBuffer out, int planes, int height, int width, int kh, int kw, PooledTransform then) {
        int outHeight = height / kh;
        int outWidth = width / kw;
        float[] rows = new float[kh * width];
        float[] pooled = new float[outHeight * outWidth];
        for (int plane = 0; plane < planes; plane++) {
            for (int y = 0; y < outHeight; y++) {
                in.get((plane * height + y * kh) * width, rows, 0, rows.length);
                if (kh == 2 && kw == 2) {
                    poolTwoByTwo(rows, width, pooled, y * outWidth, outWidth);
                } else {
                    pool(rows, width, kh, kw, pooled, y * outWidth, outWidth);
                }
            }
            // once per plane, not per row: the transform's loop is only vectorised over long runs
            then.applyInPlace(pooled, pooled.length);
            out.put(plane * pooled.length, pooled, 0, pooled.length);
        }
    }

    /**
     * The seed CNN's case, unrolled. Math.max, not a comparison: the JIT makes it a branch-free max instruction,
     * where a ternary on activations (random to the branch predictor) measured 4x slower.
     */
    private static void poolTwoByTwo(float[] rows, int width, float[] pooled, int start, int length) {
        for (int x = 0, i = 0; x < length; x++, i += 2) {
            pooled[start + x] =
                    Math.max(Math.max(rows[i], rows[i + 1]), Math.max(rows[width + i], rows[width + i + 1]));
        }
    }

    private static void pool(float[] rows, int width, int kh, int kw, float[] pooled, int start, int length) {
        for (int x = 0; x < length; x++) {
            float max = rows[x * kw];
            for (int dy = 0; dy < kh; dy++) {
                int at = dy * width + x * kw;
                for (int dx = 0; dx < kw; dx++) {
                    max = Math.max(max, rows[at + dx]);
                }
            }
            pooled[start + x] = max;
        }
    }

    /** {@link #backward(FloatBuffer, FloatBuffer, FloatBuffer, int, int, int, int, int)} on contiguous ND4J arrays. */
    static void backward(INDArray in, INDArray outGradient, INDArray inGradient, int kh, int kw) {
        backward(
                floats(in),
                floats(outGradient),
                floats(inGradient),
                (int) (in.size(0) * in.size(1)),
                (int) in.size(2),
                (int) in.size(3),
                kh,
                kw);
    }

    /** The input's gradient: each window's output gradient at its first maximum, zero elsewhere. */
    static void backward(
            FloatBuffer in,
            FloatBuffer outGradient,
            FloatBuffer inGradient,
            int planes,
            int height,
            int width,
            int kh,
            int kw) {
        int outHeight = height / kh;
        int outWidth = width / kw;
        float[] rows = new float[kh * width];
        float[] gradients = new float[outWidth];
        float[] routed = new float[kh * width];
        for (int plane = 0; plane < planes; plane++) {
            for (int y = 0; y < outHeight; y++) {
                int start = (plane * height + y * kh) * width;
                in.get(start, rows, 0, rows.length);
                outGradient.get((plane * outHeight + y) * outWidth, gradients, 0, outWidth);
                if (kh == 2 && kw == 2) {
                    routeTwoByTwo(rows, width, gradients, routed);
                } else {
                    route(rows, width, kh, kw, gradients, routed);
                }
                inGradient.put(start, routed, 0, routed.length);
            }
        }
    }

    /** Written so the JIT can pick the target without branches: which of the four is the maximum is a coin flip. */
    private static void routeTwoByTwo(float[] rows, int width, float[] gradients, float[] routed) {
        for (int x = 0, i = 0; x < gradients.length; x++, i += 2) {
            float a = rows[i];
            float b = rows[i + 1];
            float c = rows[width + i];
            float d = rows[width + i + 1];
            float max = Math.max(Math.max(a, b), Math.max(c, d));
            float g = gradients[x];
            boolean toA = a == max;
            boolean toB = !toA & b == max;
            boolean toC = !toA & !toB & c == max;
            boolean toD = !toA & !toB & !toC;
            routed[i] = toA ? g : 0f;
            routed[i + 1] = toB ? g : 0f;
            routed[width + i] = toC ? g : 0f;
            routed[width + i + 1] = toD ? g : 0f;
        }
    }

    private static void route(float[] rows, int width, int kh, int kw, float[] gradients, float[] routed) {
        java.util.Arrays.fill(routed, 0f);
        for (int x = 0; x < gradients.length; x++) {
            int best = x * kw;
            for (int dy = 0; dy < kh; dy++) {
                int at = dy * width + x * kw;
                for (int dx = 0; dx < kw; dx++) {
                    if (rows[at + dx] > rows[best]) {
                        best = at + dx;
                    }
                }
            }
            routed[best] = gradients[x];
        }
    }
}
