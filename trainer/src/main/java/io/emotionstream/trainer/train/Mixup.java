package io.emotionstream.trainer.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * mixup (Zhang, Cisse, Dauphin and Lopez-Paz, "mixup: Beyond Empirical Risk Minimization", ICLR 2018): each batch is
 * replaced by a convex mix of itself and a shuffled copy of itself, images and targets with the same weight
 * lambda ~ Beta(alpha, alpha), one weight per batch as in the paper. Small alpha (0.1-0.4) keeps most mixes close to
 * one of the two images.
 *
 * @param alpha the Beta distribution's parameter; 0 switches mixup off (and draws nothing from the random source)
 */
public record Mixup(double alpha) {
    public static final Mixup NONE = new Mixup(0);

    public Mixup {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("mixup alpha must be >= 0: " + alpha);
        }
    }

    public boolean enabled() {
        return alpha > 0;
    }

    /**
     * The mixed batch: image i becomes lambda * image i + (1 - lambda) * image p(i) for a random permutation p, and
     * target row i the same mix of rows i and p(i). Inputs are left untouched; {@code targets} holds one row of
     * {@code classes} values per image.
     */
    Mixed apply(List<float[]> pixels, float[] targets, int classes, Random random) {
        int n = pixels.size();
        if (!enabled() || n < 2) {
            return new Mixed(pixels, targets);
        }
        double lambda = weight(random);
        int[] partner = permutation(n, random);
        List<float[]> mixedPixels = new ArrayList<>(n);
        float[] mixedTargets = new float[targets.length];
        for (int i = 0; i < n; i++) {
            mixedPixels.add(mix(pixels.get(i), pixels.get(partner[i]), lambda));
            for (int c = 0; c < classes; c++) {
                mixedTargets[i * classes + c] =
                        (float) (lambda * targets[i * classes + c] + (1 - lambda) * targets[partner[i] * classes + c]);
            }
        }
        return new Mixed(mixedPixels, mixedTargets);
    }

    /** A batch's images and target rows after mixing. */
    record Mixed(List<float[]> pixels, float[] targets) {}

    double weight(Random random) {
        JDKRandomGenerator source = new JDKRandomGenerator();
        source.setSeed(random.nextLong());
        return new BetaDistribution(source, alpha, alpha).sample();
    }

    /** A random permutation of 0..n-1, drawn as the trainer's epoch shuffle draws (Collections.shuffle). */
    private static int[] permutation(int n, Random random) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] mix(float[] a, float[] b, double lambda) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (lambda * a[i] + (1 - lambda) * b[i]);
        }
        return out;
    }
}
