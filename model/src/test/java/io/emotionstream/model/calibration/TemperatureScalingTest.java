package io.emotionstream.model.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.schemas.Emotion;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {
    /**
     * Labels drawn from softmax(z), outputs softmax(sharpness * z): a network exactly {@code sharpness} times too
     * confident, whose best temperature is {@code sharpness}.
     */
    private record Simulated(float[][] outputs, int[] labels) {
        static Simulated overconfident(double sharpness, int n, long seed) {
            Random random = new Random(seed);
            float[][] outputs = new float[n][];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                double[] z = new double[Emotion.SIX_COUNT];
                for (int k = 0; k < z.length; k++) {
                    z[k] = random.nextGaussian() * 1.5;
                }
                labels[i] = draw(softmax(z, 1), random);
                outputs[i] = toFloat(softmax(z, sharpness));
            }
            return new Simulated(outputs, labels);
        }
    }

    @Test
    void shouldRecoverTheTemperatureOfAnOverconfidentNetwork() {
        Simulated data = Simulated.overconfident(3, 20_000, 1);

        double temperature = TemperatureScaling.fit(data.outputs(), data.labels());

        assertThat(temperature).isCloseTo(3, within(0.15));
    }

    @Test
    void shouldLeaveACalibratedNetworkNearTemperatureOne() {
        Simulated data = Simulated.overconfident(1, 20_000, 2);

        assertThat(TemperatureScaling.fit(data.outputs(), data.labels())).isCloseTo(1, within(0.05));
    }

    @Test
    void shouldLowerTheLossAndTheCalibrationErrorOnFreshDataWithoutChangingAnyPrediction() {
        Simulated fit = Simulated.overconfident(2.5, 5_000, 3);
        Simulated fresh = Simulated.overconfident(2.5, 20_000, 4);
        double temperature = TemperatureScaling.fit(fit.outputs(), fit.labels());

        assertThat(TemperatureScaling.loss(fresh.outputs(), fresh.labels(), temperature))
                .isLessThan(TemperatureScaling.loss(fresh.outputs(), fresh.labels(), 1));
        double before = TemperatureScaling.expectedCalibrationError(fresh.outputs(), fresh.labels(), 1);
        double after = TemperatureScaling.expectedCalibrationError(fresh.outputs(), fresh.labels(), temperature);
        assertThat(before).isGreaterThan(0.1);
        assertThat(after).isLessThan(0.02);
        Calibration calibration = new Calibration(temperature, TemperatureScaling.predictedMix(fresh.outputs()));
        for (float[] row : fresh.outputs()) {
            float[] scaled = row.clone();
            calibration.applyInPlace(scaled);
            assertThat(Emotion.mostProbable(scaled)).isEqualTo(Emotion.mostProbable(row));
            double sum = 0;
            for (float p : scaled) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void shouldNotRunOffToAnExtremeTemperatureOnASmallErrorFreeValidationSplit() {
        // given 75 validation images, every one predicted right with probability 0.99 (CK+'s random split, say)
        float[][] outputs = new float[75][];
        int[] labels = new int[75];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = new float[] {0.99f, 0.002f, 0.002f, 0.002f, 0.002f, 0.002f};
        }

        // when fitted: the plain loss falls without bound as T -> 0, the prior on ln T stops it
        double temperature = TemperatureScaling.fit(outputs, labels);

        assertThat(temperature).isBetween(0.3, 1.0);
        assertThat(TemperatureScaling.loss(outputs, labels, temperature))
                .isLessThan(TemperatureScaling.loss(outputs, labels, 1));
    }

    @Test
    void shouldScaleAsSoftmaxOfLogitsOverTheTemperature() {
        double[] z = {2, -1, 0.5, 0, 1, -3};
        float[] network = toFloat(softmax(z, 1));

        float[] scaled = Calibration.scale(network, 2);

        double[] expected = softmax(z, 0.5);
        for (int k = 0; k < z.length; k++) {
            assertThat((double) scaled[k]).isCloseTo(expected[k], within(1e-6));
        }
    }

    @Test
    void shouldSmoothTheReferenceMixSoNoClassHasShareZero() {
        float[][] allHappy = new float[94][];
        for (int i = 0; i < allHappy.length; i++) {
            allHappy[i] = new float[] {0, 0, 0, 1, 0, 0};
        }

        double[] mix = TemperatureScaling.predictedMix(allHappy);

        assertThat(mix[Emotion.HAPPINESS.ordinal()]).isCloseTo(0.95, within(1e-12));
        assertThat(mix[Emotion.ANGER.ordinal()]).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void shouldGiveASevenClassModelAMixWithAShareForNeutral() {
        // given a seven-class model's rows (neutral last): 93 neutral faces and nothing else
        float[][] allNeutral = new float[93][];
        for (int i = 0; i < allNeutral.length; i++) {
            allNeutral[i] = new float[] {0, 0, 0, 0, 0, 0, 1};
        }

        // when its reference mix is taken
        double[] mix = TemperatureScaling.predictedMix(allNeutral);

        // then there is one share per class, smoothed over seven
        assertThat(mix).hasSize(7);
        assertThat(mix[Emotion.NEUTRAL.ordinal()]).isCloseTo(0.94, within(1e-12));
        assertThat(mix[Emotion.SURPRISE.ordinal()]).isCloseTo(0.01, within(1e-12));
        assertThat(new Calibration(1.2, mix).referenceMix()).hasSize(7);
    }

    private static double[] softmax(double[] z, double sharpness) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v * sharpness);
        }
        double[] out = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            out[k] = Math.exp(z[k] * sharpness - max);
            sum += out[k];
        }
        for (int k = 0; k < z.length; k++) {
            out[k] /= sum;
        }
        return out;
    }

    private static int draw(double[] p, Random random) {
        double u = random.nextDouble();
        for (int k = 0; k < p.length - 1; k++) {
            u -= p[k];
            if (u < 0) {
                return k;
            }
        }
        return p.length - 1;
    }

    private static float[] toFloat(double[] p) {
        float[] out = new float[p.length];
        for (int k = 0; k < p.length; k++) {
            out[k] = (float) p[k];
        }
        return out;
    }
}
