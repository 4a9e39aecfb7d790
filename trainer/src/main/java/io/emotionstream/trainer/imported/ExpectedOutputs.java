package io.emotionstream.trainer.imported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.network.OnnxForward;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.schemas.model.OutputKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the network's own framework computed on a few inputs, written by whoever exported it: {@code {"inputs": [[one
 * flat tensor per image, already scaled]], "outputs": [[the network's outputs per image]]}}. The import runs the
 * network as serving will and refuses it unless the probabilities agree (logits are compared after the softmax):
 * a check that the export (or our import) did not change what the network computes. At most 64 images.
 */
public record ExpectedOutputs(List<float[]> inputs, float[][] outputs) {
    public static final double TOLERANCE = 1e-4;
    private static final int MAX_IMAGES = 64;
    private static final long MAX_FILE_BYTES = 64L << 20;

    public static ExpectedOutputs read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + " is above " + MAX_FILE_BYTES + " bytes");
            }
            JsonNode json = new ObjectMapper().readTree(file.toFile());
            float[][] inputs = rows(json.path("inputs"));
            float[][] outputs = rows(json.path("outputs"));
            if (inputs.length == 0 || inputs.length != outputs.length || inputs.length > MAX_IMAGES) {
                throw new IllegalArgumentException(
                        file + " needs 'inputs' and 'outputs' with one row per image, 1 to " + MAX_IMAGES + " images");
            }
            return new ExpectedOutputs(List.of(inputs), outputs);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The largest difference of a probability; refused above {@link #TOLERANCE}. */
    public double check(ImportedNetwork network, TensorFormat format) {
        for (float[] input : inputs) {
            if (input.length != format.pixels()) {
                throw new IllegalArgumentException("an expected input has " + input.length
                        + " values; the network takes " + format.pixels() + " (" + format + ")");
            }
        }
        float[][] served = network.forward().probabilities(NetworkInput.of(inputs, format, network.channelsLast()));
        float[][] expected = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            expected[i] = network.outputs() == OutputKind.LOGITS ? softmax(outputs[i]) : outputs[i];
            if (expected[i].length != served[i].length) {
                throw new ImportRefusedException(
                        ImportRefusal.OUTPUTS_DIFFER,
                        "expected " + expected[i].length + " outputs per image, the network gives " + served[i].length);
            }
        }
        double largest = LargestDifference.of(expected, served);
        if (!(largest <= TOLERANCE)) {
            throw new ImportRefusedException(
                    ImportRefusal.OUTPUTS_DIFFER,
                    String.format(
                            Locale.ROOT,
                            "served probabilities "
                                    + "differ from the expected ones by up to %.3g (above %.0e) on %d images",
                            largest,
                            TOLERANCE,
                            outputs.length));
        }
        return largest;
    }

    private static float[] softmax(float[] logits) {
        float[] p = logits.clone();
        OnnxForward.softmaxInPlace(p);
        return p;
    }

    private static float[][] rows(JsonNode array) {
        List<float[]> rows = new ArrayList<>();
        for (JsonNode row : array) {
            float[] values = new float[row.size()];
            for (int j = 0; j < values.length; j++) {
                values[j] = row.get(j).floatValue();
            }
            rows.add(values);
        }
        return rows.toArray(float[][]::new);
    }
}
