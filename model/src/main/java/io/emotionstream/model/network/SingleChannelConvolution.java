package io.emotionstream.model.network;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed CNN's first convolution (one input channel, odd kernel, stride 1, "same" zero padding) with its max pool
 * and activation in one pass, in plain Java. Profiled per batch of 32 on one thread (docs/benchmarks.md, "The model against PyTorch"),
 * oneDNN spent about 1 ms on this convolution itself but 2-9 ms more copying its 2.4 million outputs into and out of
 * its blocked layout, and the pool then read them all again; here each plane's outputs are summed in a buffer that
 * stays in the L1 cache and only the pooled quarter is written.
 *
 * <p>Each output is the sum of kernel-weight times input products (in a different order from oneDNN's, so equal
 * within float rounding), and the bias is added after the pool: adding a constant preserves the maximum exactly.
 */
final class SingleChannelConvolution {
    private final float[] weights;
    private final float[] bias;
    private final int channels;
    private final int kh;
    private final int kw;
    private final int poolH;
    private final int poolW;

    /** {@code weights} is DL4J's {@code [out, 1, kh, kw]}, {@code bias} its {@code [out]}; both are copied. */
    SingleChannelConvolution(INDArray weights, INDArray bias, int poolH, int poolW) {
        if (weights.rank() != 4 || weights.size(1) != 1 || weights.size(2) % 2 == 0 || weights.size(3) % 2 == 0) {
            throw new IllegalArgumentException(
                    "expected [out, 1, odd, odd] weights, got " + weights.shapeInfoToString());
        }
        this.weights = weights.dup('c').data().asFloat();
        this.bias = bias.dup('c').data().asFloat();
        this.channels = (int) weights.size(0);
        this.kh = (int) weights.size(2);
        this.kw = (int) weights.size(3);
        this.poolH = poolH;
        this.poolW = poolW;
    }

    /** {@code [n, 1, h, w]} images to {@code [n, out, h / poolH, w / poolW]}, with {@code then} applied to the pooled values. */
    INDArray convolveAndPool(INDArray batch, MaxPoolKernel.PooledTransform then) {
        INDArray images = MaxPoolKernel.contiguous(batch);
        int n = (int) images.size(0);
        int height = (int) images.size(2);
        int width = (int) images.size(3);
        int outHeight = height / poolH;
        int outWidth = width / poolW;
        INDArray pooled = Nd4j.createUninitialized(DataType.FLOAT, n, channels, outHeight, outWidth);
        FloatBuffer in = MaxPoolKernel.floats(images);
        FloatBuffer out = MaxPoolKernel.floats(pooled);
        // Rows of the padded image are paddedWidth long; sums are kept for every padded column (the last kw - 1 of each
        // row are thrown away) so that each kernel tap is one long loop over the whole plane. Each tap reads its own
        // shifted copy of the image: Java 17's JIT vectorises a[i] += w * b[i] but not a[i] += w * b[i + offset].
        int paddedWidth = width + kw - 1;
        float[] padded = new float[(height + kh - 1) * paddedWidth + kw - 1];
        float[][] shifted = new float[kh * kw][height * paddedWidth];
        float[] sums = new float[height * paddedWidth];
        int planeSize = outHeight * outWidth;
        float[] planes = new float[channels * planeSize];
        for (int image = 0; image < n; image++) {
            for (int y = 0; y < height; y++) {
                in.get((image * height + y) * width, padded, (y + kh / 2) * paddedWidth + kw / 2, width);
            }
            for (int dy = 0; dy < kh; dy++) {
                for (int dx = 0; dx < kw; dx++) {
                    System.arraycopy(padded, dy * paddedWidth + dx, shifted[dy * kw + dx], 0, sums.length);
                }
            }
            for (int channel = 0; channel < channels; channel++) {
                sumKernelTaps(shifted, channel, sums);
                for (int py = 0; py < outHeight; py++) {
                    poolRow(
                            sums,
                            paddedWidth,
                            py,
                            bias[channel],
                            planes,
                            (channel * outHeight + py) * outWidth,
                            outWidth);
                }
            }
            // once per image, not per row: the activation's loop is only vectorised over long runs
            then.applyInPlace(planes, planes.length);
            out.put(image * planes.length, planes, 0, planes.length);
        }
        return pooled;
    }

    private void sumKernelTaps(float[][] shifted, int channel, float[] sums) {
        int base = channel * kh * kw;
        float first = weights[base];
        float[] tap = shifted[0];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = first * tap[i];
        }
        for (int t = 1; t < shifted.length; t++) {
            float weight = weights[base + t];
            float[] source = shifted[t];
            for (int i = 0; i < sums.length; i++) {
                sums[i] += weight * source[i];
            }
        }
    }

    private void poolRow(
            float[] sums, int paddedWidth, int py, float channelBias, float[] pooled, int start, int length) {
        int top = py * poolH * paddedWidth;
        if (poolH == 2 && poolW == 2) {
            for (int px = 0, at = top; px < length; px++, at += 2) {
                pooled[start + px] = Math.max(
                                Math.max(sums[at], sums[at + 1]),
                                Math.max(sums[at + paddedWidth], sums[at + paddedWidth + 1]))
                        + channelBias;
            }
            return;
        }
        for (int px = 0; px < length; px++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int dy = 0; dy < poolH; dy++) {
                int at = top + dy * paddedWidth + px * poolW;
                for (int dx = 0; dx < poolW; dx++) {
                    max = Math.max(max, sums[at + dx]);
                }
            }
            pooled[start + px] = max + channelBias;
        }
    }
}
