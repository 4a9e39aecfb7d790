package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixupTest {
    private static final int CLASSES = 3;

    /** Four 2-pixel images whose pixels name them (image k is {k, 10k}) and one-hot targets of classes 0, 1, 2, 0. */
    private static List<float[]> images() {
        List<float[]> images = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            images.add(new float[] {k, 10 * k});
        }
        return images;
    }

    private static float[] targets() {
        return new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0};
    }

    @Test
    void shouldMixEachImageAndItsTargetWithOnePartnerByTheSameWeight() {
        // given
        List<float[]> images = images();
        float[] targets = targets();

        // when
        Mixup.Mixed mixed = new Mixup(0.4).apply(images, targets, CLASSES, new Random(3));

        // then image i = w * i + (1 - w) * p(i) for one w and a permutation p, and target rows follow the same mix
        double w = Double.NaN;
        List<Integer> partners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] out = mixed.pixels().get(i);
            assertThat(out[1]).as("both pixels mixed alike").isCloseTo(10 * out[0], within(1e-4f));
            int partner = -1;
            for (int p = 0; p < 4 && partner < 0; p++) {
                double weight = p == i ? 1 : (out[0] - p) / (i - p); // out = w*i + (1-w)*p
                if (p == i
                        ? Math.abs(out[0] - i) < 1e-5
                        : weight >= 0 && weight <= 1 && (Double.isNaN(w) || Math.abs(weight - w) < 1e-4)) {
                    partner = p;
                    if (p != i) {
                        w = weight;
                    }
                }
            }
            assertThat(partner)
                    .as("image %d is a mix of itself and one other", i)
                    .isNotNegative();
            partners.add(partner);
            float rowSum = 0;
            for (int c = 0; c < CLASSES; c++) {
                rowSum += mixed.targets()[i * CLASSES + c];
            }
            assertThat(rowSum).isCloseTo(1f, within(1e-5f));
        }
        assertThat(partners).as("a permutation").doesNotHaveDuplicates();
        // the inputs are untouched (without augmentation they are the samples' own arrays)
        assertThat(images.get(2)).containsExactly(2f, 20f);
        assertThat(targets).containsExactly(targets());
    }

    @Test
    void shouldDrawWeightsFromBetaAlphaAlpha() {
        // given alpha 0.2: Beta(0.2, 0.2) has mean 1/2 and variance 1 / (4 (2 alpha + 1)) = 0.1786
        Mixup mixup = new Mixup(0.2);
        Random random = new Random(11);
        int n = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double w = mixup.weight(random);
            assertThat(w).isBetween(0.0, 1.0);
            sum += w;
            squares += w * w;
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;

        // then (standard errors: mean 0.003, variance ~0.001)
        assertThat(mean).isCloseTo(0.5, within(0.015));
        assertThat(variance).isCloseTo(0.1786, within(0.006));
    }

    @Test
    void shouldLeaveTheBatchAndTheRandomSourceAloneWhenOff() {
        Random used = new Random(5);
        List<float[]> images = images();

        Mixup.Mixed mixed = Mixup.NONE.apply(images, targets(), CLASSES, used);

        assertThat(mixed.pixels()).isSameAs(images);
        assertThat(used.nextLong()).as("no draw taken: a seed trains as before").isEqualTo(new Random(5).nextLong());
        assertThatThrownBy(() -> new Mixup(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mixup(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
