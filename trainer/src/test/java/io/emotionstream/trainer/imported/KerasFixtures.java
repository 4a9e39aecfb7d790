package io.emotionstream.trainer.imported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny Keras 2 files of {@code trainer/src/test/keras-fixtures/make_fixtures.py}: our own random networks, and
 * the softmax numpy computed for two inputs of the good one.
 */
public final class KerasFixtures {
    /** The good network's class order: FER2013's seven. */
    public static final String FER_LABELS = "angry,disgust,fear,happy,sad,surprise,neutral";

    private KerasFixtures() {}

    /** Copies fixture {@code name} into {@code dir} (tests may damage their copy). */
    public static Path copy(String name, Path dir) {
        try (InputStream in = KerasFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name + " (run make_fixtures.py)");
            }
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** [inputs, probabilities]: two 16x16 tensors and numpy's seven probabilities for each. */
    public static List<List<float[]>> expected() {
        try (InputStream in = KerasFixtures.class.getResourceAsStream("tiny-functional.expected.json")) {
            JsonNode json = new ObjectMapper().readTree(in);
            return List.of(rows(json.get("inputs")), rows(json.get("probabilities")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<float[]> rows(JsonNode array) {
        List<float[]> rows = new ArrayList<>();
        for (JsonNode row : array) {
            float[] values = new float[row.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) row.get(i).asDouble();
            }
            rows.add(values);
        }
        return rows;
    }
}
