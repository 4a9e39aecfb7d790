package io.emotionstream.model.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The ONNX files {@code model/src/test/onnx-fixtures/make_fixtures.py} exported with PyTorch (our own tiny networks,
 * random weights), and PyTorch's outputs for two fixed inputs beside the good ones. Shared with the trainer's tests.
 */
public final class OnnxFixtures {
    /** Input side of every fixture (16x16 grayscale), and the number of classes of the good ones (seven). */
    public static final int SIDE = 16;

    public static final int CLASSES = 7;

    private OnnxFixtures() {}

    public static byte[] bytes(String name) {
        try (InputStream in = OnnxFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "no fixture " + name + ": run model/src/test/onnx-fixtures/make_fixtures.py");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PyTorch's inputs (one flat row per image) and outputs for fixture {@code model} ("tiny-logits" for tiny-logits.onnx). */
    public static Expected expected(String model) {
        try {
            JsonNode json = new ObjectMapper().readTree(bytes(model + ".expected.json"));
            return new Expected(rows(json.get("inputs")), rows(json.get("outputs")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Expected(float[][] inputs, float[][] outputs) {}

    private static float[][] rows(JsonNode array) {
        float[][] rows = new float[array.size()][];
        for (int i = 0; i < rows.length; i++) {
            JsonNode row = array.get(i);
            rows[i] = new float[row.size()];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = row.get(j).floatValue();
            }
        }
        return rows;
    }
}
