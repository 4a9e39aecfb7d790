package io.emotionstream.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramEqualisationTest {
    @Test
    void shouldSpreadADimLowContrastImageOverTheWholeRange() {
        // given an image whose grey levels all lie in [0.2, 0.3]
        float[] dim = new float[48 * 48];
        for (int i = 0; i < dim.length; i++) {
            dim[i] = 0.2f + 0.1f * (i % 97) / 96f;
        }

        // when
        float[] out = HistogramEqualisation.apply(dim);

        // then it spans [0, 1], and the order of the pixels' brightness is kept
        assertThat(min(out)).isZero();
        assertThat(max(out)).isEqualTo(1f);
        for (int i = 1; i < dim.length; i++) {
            if (dim[i] > dim[i - 1]) {
                assertThat(out[i]).isGreaterThanOrEqualTo(out[i - 1]);
            }
        }
    }

    @Test
    void shouldGiveTheSameOutputForTheSameImageUnderAnotherExposure() {
        // given one image, and the same image darker (a monotone change of every level)
        float[] image = new float[48 * 48];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 37 % 256) / 255f;
        }
        float[] darker = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            darker[i] = (float) Math.pow(image[i], 1.8);
        }

        // then equalised they are close (equal up to the levels the darkening merged)
        float[] a = HistogramEqualisation.apply(image);
        float[] b = HistogramEqualisation.apply(darker);
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference += Math.abs(a[i] - b[i]);
        }
        assertThat(difference / a.length).isLessThan(0.02);
    }

    @Test
    void shouldLeaveAFlatImageAlone() {
        float[] flat = new float[48 * 48];
        java.util.Arrays.fill(flat, 0.5f);

        assertThat(HistogramEqualisation.apply(flat)).containsExactly(flat);
    }

    private static float min(float[] a) {
        float m = Float.MAX_VALUE;
        for (float v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static float max(float[] a) {
        float m = -Float.MAX_VALUE;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
