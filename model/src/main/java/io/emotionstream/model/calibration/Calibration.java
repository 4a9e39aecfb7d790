package io.emotionstream.model.calibration;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.ModelCalibration;
import java.util.Arrays;
import java.util.Optional;

/**
 * A model's calibration as serving applies it: the temperature fitted on the validation split
 * ({@link TemperatureScaling}), and the model's reference mix of predicted classes for the monitor's drift test, one
 * share per class in {@link Emotion} order (six, or seven ending in neutral; a seven-class bundle published before
 * neutral was served has six).
 * Scaling divides the network's log-probabilities by the temperature and renormalises: softmax(log p / T) equals
 * softmax(z / T) for the network's logits z, since a softmax ignores a constant added to every logit. The most
 * probable class never changes.
 */
public record Calibration(double temperature, double[] referenceMix) {
    /** Log-probabilities below this are clipped: a float softmax can round a class to exactly 0. */
    static final double MIN_PROBABILITY = 1e-12;

    public Calibration {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        if (referenceMix.length != Emotion.SIX_COUNT && referenceMix.length != Emotion.SEVEN.size()) {
            throw new IllegalArgumentException("a reference mix has one share per class (" + Emotion.SIX_COUNT + " or "
                    + Emotion.SEVEN.size() + "), got " + referenceMix.length);
        }
        referenceMix = referenceMix.clone();
    }

    /** What a bundle's manifest says; empty for bundles written before calibration existed. */
    public static Optional<Calibration> of(ModelCalibration manifest) {
        if (manifest == null) {
            return Optional.empty();
        }
        return Optional.of(new Calibration(
                manifest.getTemperature(),
                manifest.getReferenceMix().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray()));
    }

    /** One row of network output, scaled in place. */
    public void applyInPlace(float[] probabilities) {
        float[] scaled = scale(probabilities, temperature);
        System.arraycopy(scaled, 0, probabilities, 0, scaled.length);
    }

    static float[] scale(float[] probabilities, double temperature) {
        double[] logits = new double[probabilities.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < probabilities.length; k++) {
            logits[k] = Math.log(Math.max(MIN_PROBABILITY, probabilities[k])) / temperature;
            max = Math.max(max, logits[k]);
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
        }
        float[] out = new float[probabilities.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (logits[k] / sum);
        }
        return out;
    }

    @Override
    public double[] referenceMix() {
        return referenceMix.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration c
                && c.temperature == temperature
                && Arrays.equals(c.referenceMix, referenceMix);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(temperature) * 31 + Arrays.hashCode(referenceMix);
    }

    @Override
    public String toString() {
        return "Calibration[temperature=" + temperature + ", referenceMix=" + Arrays.toString(referenceMix) + "]";
    }
}
