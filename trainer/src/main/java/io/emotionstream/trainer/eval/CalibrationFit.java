package io.emotionstream.trainer.eval;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.calibration.TemperatureScaling;
import io.emotionstream.schemas.model.ModelCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained network's calibration: the temperature fitted on the validation split, its effect on the validation
 * loss and on the expected calibration error of validation and test (test was not fitted on: the honest figure), and
 * the reference mix of predicted classes over validation and test, for the monitor's drift test.
 */
public record CalibrationFit(double temperature, double validationLossBefore, double validationLossAfter,
                             double validationEceBefore, double validationEceAfter, double testEceBefore,
                             double testEceAfter, double[] referenceMix) {

    /** Empty without validation images: there is nothing to fit on. */
    public static Optional<CalibrationFit> of(MultiLayerNetwork network, List<Sample> validation, List<Sample> test) {
        if (validation.isEmpty()) {
            return Optional.empty();
        }
        float[][] validationOutputs = Evaluator.predict(network, validation);
        float[][] testOutputs = test.isEmpty() ? new float[0][] : Evaluator.predict(network, test);
        int[] validationLabels = labels(validation);
        int[] testLabels = labels(test);
        double temperature = TemperatureScaling.fit(validationOutputs, validationLabels);
        List<float[]> heldOut = new ArrayList<>(Arrays.asList(validationOutputs));
        heldOut.addAll(Arrays.asList(testOutputs));
        return Optional.of(new CalibrationFit(temperature,
                TemperatureScaling.loss(validationOutputs, validationLabels, 1),
                TemperatureScaling.loss(validationOutputs, validationLabels, temperature),
                TemperatureScaling.expectedCalibrationError(validationOutputs, validationLabels, 1),
                TemperatureScaling.expectedCalibrationError(validationOutputs, validationLabels, temperature),
                TemperatureScaling.expectedCalibrationError(testOutputs, testLabels, 1),
                TemperatureScaling.expectedCalibrationError(testOutputs, testLabels, temperature),
                TemperatureScaling.predictedMix(heldOut.toArray(float[][]::new))));
    }

    public Calibration calibration() {
        return new Calibration(temperature, referenceMix);
    }

    public ModelCalibration toAvro() {
        return new ModelCalibration(temperature, validationLossBefore, validationLossAfter, validationEceBefore,
                validationEceAfter, testEceBefore, testEceAfter, Arrays.stream(referenceMix).boxed().toList());
    }

    private static int[] labels(List<Sample> samples) {
        return samples.stream().mapToInt(s -> s.label().ordinal()).toArray();
    }
}
