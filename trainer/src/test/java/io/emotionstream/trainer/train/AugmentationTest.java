package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final int SIZE = 48;

    @Test
    void shouldLeaveAnImageAloneWhenNothingIsEnabled() {
        float[] image = gradient();

        float[] out = Augmentation.NONE.apply(image, new Random(1));

        assertThat(out).containsExactly(image);
        assertThat(out).isNotSameAs(image);
    }

    @Test
    void shouldMirrorLeftAndRight() {
        // given an image bright on the left only, and an augmentation that always mirrors and does nothing else
        float[] image = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            image[y * SIZE] = 1f;
        }
        Augmentation mirror = new Augmentation(1, 0, 0, 0, 0, 0, 1, 0, 0);

        // when
        float[] out = mirror.apply(image, new Random(1));

        // then the bright column is now on the right
        for (int y = 0; y < SIZE; y++) {
            assertThat(out[y * SIZE + SIZE - 1]).isCloseTo(1f, within(1e-5f));
            assertThat(out[y * SIZE]).isCloseTo(0f, within(1e-5f));
        }
    }

    @Test
    void shouldKeepPixelsInRangeAndTheImageRecognisable() {
        // given a smooth image and the standard augmentation
        float[] image = gradient();
        Random random = new Random(7);

        for (int i = 0; i < 50; i++) {
            // when
            float[] out = Augmentation.STANDARD.apply(image, random);

            // then every pixel stays in [0, 1], and the image changed but stayed close to the original
            for (float p : out) {
                assertThat(p).isBetween(0f, 1f);
            }
            assertThat(meanAbsoluteDifference(out, image)).isGreaterThan(0).isLessThan(0.35);
        }
    }

    @Test
    void shouldDrawTheSameChangesFromTheSameSeed() {
        float[] image = gradient();

        assertThat(Augmentation.STANDARD.apply(image, new Random(3)))
                .containsExactly(Augmentation.STANDARD.apply(image, new Random(3)));
    }

    @Test
    void shouldRefuseRangesThatDoNotMakeSense() {
        assertThatThrownBy(() -> new Augmentation(1.5, 0, 0, 0, 0, 0, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmentation(0, 0, 0, 0, 0, 0, 0.5, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Dark at the top left, bright at the bottom right. */
    static float[] gradient() {
        float[] image = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                image[y * SIZE + x] = (x + y) / (2f * (SIZE - 1));
            }
        }
        return image;
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
