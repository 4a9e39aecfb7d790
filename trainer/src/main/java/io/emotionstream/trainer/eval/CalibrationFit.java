package io.emotionstream.trainer.eval;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.calibration.TemperatureScaling;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.ModelCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained network's calibration: the temperature fitted on the validation split, its effect on the validation
 * loss and on the expected calibration error of validation and test (test was not fitted on: the honest figure), and
 * the reference mix of predicted classes over validation and test, for the monitor's drift test. The test set's error
 * is also given per group (attribute -> value): the monitor's label-free estimates read calibrated confidences per
 * group, so a temperature that suits one population and not another shows here first.
 */
public record CalibrationFit(
        double temperature,
        double validationLossBefore,
        double validationLossAfter,
        double validationEceBefore,
        double validationEceAfter,
        double testEceBefore,
        double testEceAfter,
        double[] referenceMix,
        Map<String, Map<String, GroupCalibration>> testByGroup) {

    /** One group's expected calibration error on the test images, before and after the temperature. */
    public record GroupCalibration(int n, double eceBefore, double eceAfter) {}

    /** Empty without validation images: there is nothing to fit on. */
    public static Optional<CalibrationFit> of(MultiLayerNetwork network, List<Sample> validation, List<Sample> test) {
        if (validation.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(
                Evaluator.predict(network, validation),
                validation,
                test.isEmpty() ? new float[0][] : Evaluator.predict(network, test),
                test));
    }

    /**
     * The fit from a model's probabilities as served (its own classes, uncalibrated) on validation and test images,
     * whatever ran it (a trained network or an imported one). Neutral faces are left out for a six-class model: it has
     * no class for them.
     */
    public static CalibrationFit of(
            float[][] validationOutputs, List<Sample> validation, float[][] testOutputs, List<Sample> test) {
        return fit(answerable(validationOutputs, validation), answerable(testOutputs, test));
    }

    private record Scored(float[][] outputs, List<Sample> samples) {}

    /** The images whose class the rows have (rows are in {@link Emotion} order: six, or seven ending in neutral). */
    private static Scored answerable(float[][] outputs, List<Sample> samples) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).label().ordinal() < outputs[i].length) {
                kept.add(i);
            }
        }
        return new Scored(
                kept.stream().map(i -> outputs[i]).toArray(float[][]::new),
                kept.stream().map(samples::get).toList());
    }

    private static CalibrationFit fit(Scored validationScored, Scored testScored) {
        float[][] validationOutputs = validationScored.outputs();
        List<Sample> validation = validationScored.samples();
        float[][] testOutputs = testScored.outputs();
        List<Sample> test = testScored.samples();
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("a temperature needs validation images to be fitted on");
        }
        int[] validationLabels = labels(validation);
        int[] testLabels = labels(test);
        double temperature = TemperatureScaling.fit(validationOutputs, validationLabels);
        List<float[]> heldOut = new ArrayList<>(Arrays.asList(validationOutputs));
        heldOut.addAll(Arrays.asList(testOutputs));
        return new CalibrationFit(
                temperature,
                TemperatureScaling.loss(validationOutputs, validationLabels, 1),
                TemperatureScaling.loss(validationOutputs, validationLabels, temperature),
                TemperatureScaling.expectedCalibrationError(validationOutputs, validationLabels, 1),
                TemperatureScaling.expectedCalibrationError(validationOutputs, validationLabels, temperature),
                TemperatureScaling.expectedCalibrationError(testOutputs, testLabels, 1),
                TemperatureScaling.expectedCalibrationError(testOutputs, testLabels, temperature),
                TemperatureScaling.predictedMix(heldOut.toArray(float[][]::new)),
                byGroup(test, testOutputs, testLabels, temperature));
    }

    private static Map<String, Map<String, GroupCalibration>> byGroup(
            List<Sample> test, float[][] outputs, int[] labels, double temperature) {
        Map<String, Map<String, List<Integer>>> members = new TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
            int index = i;
            test.get(i)
                    .groups()
                    .forEach((attribute, value) -> members.computeIfAbsent(attribute, a -> new TreeMap<>())
                            .computeIfAbsent(value, v -> new ArrayList<>())
                            .add(index));
        }
        Map<String, Map<String, GroupCalibration>> out = new TreeMap<>();
        members.forEach((attribute, values) -> values.forEach((value, indices) -> {
            float[][] groupOutputs = indices.stream().map(i -> outputs[i]).toArray(float[][]::new);
            int[] groupLabels = indices.stream().mapToInt(i -> labels[i]).toArray();
            out.computeIfAbsent(attribute, a -> new TreeMap<>())
                    .put(
                            value,
                            new GroupCalibration(
                                    indices.size(),
                                    TemperatureScaling.expectedCalibrationError(groupOutputs, groupLabels, 1),
                                    TemperatureScaling.expectedCalibrationError(
                                            groupOutputs, groupLabels, temperature)));
        }));
        return out;
    }

    public Calibration calibration() {
        return new Calibration(temperature, referenceMix);
    }

    public ModelCalibration toAvro() {
        return new ModelCalibration(
                temperature,
                validationLossBefore,
                validationLossAfter,
                validationEceBefore,
                validationEceAfter,
                testEceBefore,
                testEceAfter,
                Arrays.stream(referenceMix).boxed().toList());
    }

    private static int[] labels(List<Sample> samples) {
        return samples.stream().mapToInt(s -> s.label().ordinal()).toArray();
    }
}
