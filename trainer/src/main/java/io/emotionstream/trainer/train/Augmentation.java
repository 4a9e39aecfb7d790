package io.emotionstream.trainer.train;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import java.util.Random;

/**
 * Random changes to a training image that keep its emotion: a mirror image, a small turn, zoom and shift (people
 * are not framed alike), and the light (brightness, contrast, gamma), a little blur or sensor noise. Applied to the
 * 48x48 tensor the shared preprocessing made, so what serving sees is unchanged; only the training set varies.
 *
 * @param flip           chance of a left-right mirror image
 * @param rotateDegrees  turn drawn from [-r, r]
 * @param scale          zoom factor drawn from [1 - s, 1 + s]
 * @param shiftPixels    shift drawn from [-t, t] pixels in x and in y
 * @param brightness     added to every pixel, drawn from [-b, b]
 * @param contrast       pixels spread from their mean by a factor drawn from [1 - c, 1 + c]
 * @param gamma          exponent drawn log-uniformly from [1 / g, g] (g >= 1)
 * @param blur           chance of a 3x3 binomial blur
 * @param noise          Gaussian noise with a standard deviation drawn from [0, n]
 */
public record Augmentation(
        double flip,
        double rotateDegrees,
        double scale,
        double shiftPixels,
        double brightness,
        double contrast,
        double gamma,
        double blur,
        double noise) {
    private static final int SIZE = ImagePreprocessor.SIZE;

    /** No change at all: the seed's training. */
    public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 0, 0, 1, 0, 0);
    /** Geometry and light within what two face datasets differ by; the default when augmentation is on. */
    public static final Augmentation STANDARD = new Augmentation(0.5, 10, 0.10, 3, 0.10, 0.20, 1.25, 0.2, 0.02);
    /** Only the mirror image and the framing (no light changes): to measure the two halves apart. */
    public static final Augmentation GEOMETRY = new Augmentation(0.5, 10, 0.10, 3, 0, 0, 1, 0, 0);

    public Augmentation {
        if (flip < 0
                || flip > 1
                || blur < 0
                || blur > 1
                || rotateDegrees < 0
                || scale < 0
                || scale >= 1
                || shiftPixels < 0
                || brightness < 0
                || contrast < 0
                || contrast >= 1
                || gamma < 1
                || noise < 0) {
            throw new IllegalArgumentException("invalid augmentation " + this);
        }
    }

    public boolean enabled() {
        return !equals(NONE);
    }

    /** A changed copy of a 48x48 image in [0, 1]; the input is not modified. */
    public float[] apply(float[] pixels, Random random) {
        float[] out = geometry(pixels, random);
        light(out, random);
        if (random.nextDouble() < blur) {
            out = blur3x3(out);
        }
        if (noise > 0) {
            double sd = noise * random.nextDouble();
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (sd * random.nextGaussian());
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, Math.max(0f, out[i]));
        }
        return out;
    }

    /** Mirror, turn, zoom and shift about the centre in one inverse mapping, bilinear, edges repeated. */
    private float[] geometry(float[] in, Random random) {
        boolean mirror = random.nextDouble() < flip;
        double angle = Math.toRadians(uniform(random, rotateDegrees));
        double zoom = 1 + uniform(random, scale);
        double dx = uniform(random, shiftPixels);
        double dy = uniform(random, shiftPixels);
        if (!mirror && angle == 0 && zoom == 1 && dx == 0 && dy == 0) {
            return in.clone();
        }
        double cos = Math.cos(angle) / zoom;
        double sin = Math.sin(angle) / zoom;
        double centre = (SIZE - 1) / 2.0;
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double ox = x - centre - dx;
                double oy = y - centre - dy;
                double sx = cos * ox + sin * oy + centre;
                double sy = -sin * ox + cos * oy + centre;
                if (mirror) {
                    sx = SIZE - 1 - sx;
                }
                out[y * SIZE + x] = bilinear(in, sx, sy);
            }
        }
        return out;
    }

    private static float bilinear(float[] in, double x, double y) {
        x = Math.min(SIZE - 1, Math.max(0, x));
        y = Math.min(SIZE - 1, Math.max(0, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(SIZE - 1, x0 + 1);
        int y1 = Math.min(SIZE - 1, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = in[y0 * SIZE + x0] * (1 - fx) + in[y0 * SIZE + x1] * fx;
        double bottom = in[y1 * SIZE + x0] * (1 - fx) + in[y1 * SIZE + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    private void light(float[] pixels, Random random) {
        double g = gamma == 1 ? 1 : Math.exp(uniform(random, Math.log(gamma)));
        double c = 1 + uniform(random, contrast);
        double b = uniform(random, brightness);
        if (g == 1 && c == 1 && b == 0) {
            return;
        }
        double mean = 0;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.pow(Math.max(0, pixels[i]), g);
            mean += pixels[i];
        }
        mean /= pixels.length;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) ((pixels[i] - mean) * c + mean + b);
        }
    }

    private static float[] blur3x3(float[] in) {
        float[] out = new float[in.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double sum = 0;
                for (int ky = -1; ky <= 1; ky++) {
                    for (int kx = -1; kx <= 1; kx++) {
                        int sx = Math.min(SIZE - 1, Math.max(0, x + kx));
                        int sy = Math.min(SIZE - 1, Math.max(0, y + ky));
                        sum += in[sy * SIZE + sx] * (2 - Math.abs(kx)) * (2 - Math.abs(ky));
                    }
                }
                out[y * SIZE + x] = (float) (sum / 16);
            }
        }
        return out;
    }

    private static double uniform(Random random, double halfWidth) {
        return halfWidth == 0 ? 0 : (2 * random.nextDouble() - 1) * halfWidth;
    }
}
