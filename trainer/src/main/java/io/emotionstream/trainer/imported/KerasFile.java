package io.emotionstream.trainer.imported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.runtime.NativeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.global.hdf5;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

/**
 * A Keras 2 HDF5 model file (architecture and weights), checked before DL4J's importer reads it: its size, the HDF5
 * signature, every dataset's declared size (within the file and the limits), and the configuration (no Python
 * code, a bounded number of layers, one square grayscale input). Only then is it imported, as a ComputationGraph;
 * whatever the importer still refuses is refused with its one-line reason. The HDF5 library is not thread-safe:
 * every read holds DL4J's own HDF5 lock.
 */
public final class KerasFile {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 8;

    private final Path file;
    private final ImportLimits limits;
    private final JsonNode config;
    private final KerasInput input;

    private KerasFile(Path file, ImportLimits limits, JsonNode config, KerasInput input) {
        this.file = file;
        this.limits = limits;
        this.config = config;
        this.input = input;
    }

    /** Checks everything that can be checked without importing; refuses with a named reason. */
    public static KerasFile inspect(Path file, ImportLimits limits) {
        long bytes = size(file);
        if (bytes > limits.maxFileBytes()) {
            throw new ImportRefusedException(
                    ImportRefusal.TOO_LARGE,
                    file.getFileName() + " is " + bytes + " bytes, above the import limit of " + limits.maxFileBytes());
        }
        checkSignature(file);
        NativeRuntime.init();
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            hdf5.H5Eset_auto2(hdf5.H5E_DEFAULT, null, null); // the library's own error stack is not our one line
            checkDeclaredSizes(file, bytes, limits);
            JsonNode config = readConfig(file);
            checkLayers(config, limits);
            return new KerasFile(file, limits, config, inputOf(config));
        }
    }

    public KerasInput input() {
        return input;
    }

    /** DL4J's import of the checked file; a Sequential model is imported as the equivalent graph. */
    public ComputationGraph importGraph() {
        NativeRuntime.init();
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            try {
                Model model = isSequential(config)
                        ? KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false)
                                .toComputationGraph()
                        : KerasModelImport.importKerasModelAndWeights(file.toString(), false);
                return (ComputationGraph) model;
            } catch (UnsupportedKerasConfigurationException e) {
                throw new ImportRefusedException(ImportRefusal.UNSUPPORTED_LAYER, firstLine(e.getMessage()), e);
            } catch (IOException | RuntimeException e) {
                throw new ImportRefusedException(
                        ImportRefusal.CORRUPT, file.getFileName() + ": " + firstLine(e.getMessage()), e);
            } catch (Exception e) {
                throw new ImportRefusedException(ImportRefusal.UNSUPPORTED_LAYER, firstLine(e.getMessage()), e);
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ImportRefusedException(ImportRefusal.CORRUPT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkSignature(Path file) {
        byte[] head = new byte[HDF5_SIGNATURE.length];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) != head.length || !Arrays.equals(head, HDF5_SIGNATURE)) {
                throw new ImportRefusedException(
                        ImportRefusal.NOT_HDF5,
                        file.getFileName() + " does not start with the HDF5 signature (a Keras 2 .h5/.hdf5 file does)");
            }
        } catch (IOException e) {
            throw new ImportRefusedException(ImportRefusal.CORRUPT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Walks every group and dataset: each dataset's declared values within the file's bytes, all within the limit. */
    private static void checkDeclaredSizes(Path file, long fileBytes, ImportLimits limits) {
        try (H5File h5 = new H5File(file.toString(), hdf5.H5F_ACC_RDONLY)) {
            long[] total = {0};
            int[] objects = {0};
            walk(h5, "/", 0, fileBytes, limits, total, objects);
        } catch (ImportRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ImportRefusedException(
                    ImportRefusal.CORRUPT,
                    file.getFileName() + " is not readable HDF5 (truncated " + "or damaged): "
                            + firstLine(e.getMessage()),
                    e);
        }
    }

    private static void walk(
            Group group, String path, int depth, long fileBytes, ImportLimits limits, long[] total, int[] objects) {
        if (depth > MAX_DEPTH) {
            throw new ImportRefusedException(
                    ImportRefusal.UNSUPPORTED_LAYER, "groups nested deeper than " + MAX_DEPTH + " at " + path);
        }
        long children = group.getNumObjs();
        for (long i = 0; i < children; i++) {
            if (++objects[0] > 20L * limits.maxLayers()) {
                throw new ImportRefusedException(
                        ImportRefusal.DECLARED_TOO_LARGE, "more than " + 20L * limits.maxLayers() + " HDF5 objects");
            }
            String name = group.getObjnameByIdx(i).getString();
            int type = group.childObjType(name);
            if (type == hdf5.H5O_TYPE_GROUP) {
                try (Group child = group.openGroup(name)) {
                    walk(child, path + name + "/", depth + 1, fileBytes, limits, total, objects);
                }
            } else if (type == hdf5.H5O_TYPE_DATASET) {
                try (DataSet dataSet = group.openDataSet(name);
                        var space = dataSet.getSpace()) {
                    long values = space.getSimpleExtentNpoints();
                    total[0] += values;
                    if (values > fileBytes || total[0] > limits.maxWeightValues()) {
                        throw new ImportRefusedException(
                                ImportRefusal.DECLARED_TOO_LARGE,
                                path + name + " declares "
                                        + values + " values (" + total[0] + " so far) in a file of " + fileBytes
                                        + " bytes; the limit is "
                                        + limits.maxWeightValues());
                    }
                }
            }
        }
    }

    private static JsonNode readConfig(Path file) {
        try (Hdf5Archive archive = new Hdf5Archive(file.toString())) {
            if (!archive.hasAttribute("model_config")) {
                throw new ImportRefusedException(
                        ImportRefusal.NOT_A_KERAS_MODEL,
                        file.getFileName()
                                + " has no model_config attribute: a weights-only file, or not saved by Keras' model.save");
            }
            return JSON.readTree(archive.readAttributeAsJson("model_config"));
        } catch (ImportRefusedException e) {
            throw e;
        } catch (Exception e) {
            throw new ImportRefusedException(
                    ImportRefusal.NOT_A_KERAS_MODEL,
                    file.getFileName() + ": model_config is not readable JSON: " + firstLine(e.getMessage()),
                    e);
        }
    }

    private static boolean isSequential(JsonNode config) {
        return "Sequential".equals(config.path("class_name").asText());
    }

    private static List<JsonNode> layers(JsonNode config) {
        JsonNode inner = config.path("config");
        JsonNode layers = inner.isArray() ? inner : inner.path("layers");
        List<JsonNode> list = new ArrayList<>();
        layers.forEach(list::add);
        return list;
    }

    private static void checkLayers(JsonNode config, ImportLimits limits) {
        String kind = config.path("class_name").asText();
        if (!List.of("Model", "Functional", "Sequential").contains(kind)) {
            throw new ImportRefusedException(
                    ImportRefusal.NOT_A_KERAS_MODEL,
                    "model class '" + kind + "' is not a Keras Model, Functional or Sequential");
        }
        List<JsonNode> layers = layers(config);
        if (layers.isEmpty() || layers.size() > limits.maxLayers()) {
            throw new ImportRefusedException(
                    ImportRefusal.UNSUPPORTED_LAYER,
                    layers.size() + " layers (1 to " + limits.maxLayers() + " are imported)");
        }
        for (JsonNode layer : layers) {
            String type = layer.path("class_name").asText();
            String name =
                    layer.path("config").path("name").asText(layer.path("name").asText("?"));
            if (type.contains("Lambda")) {
                throw new ImportRefusedException(
                        ImportRefusal.PYTHON_CODE,
                        "layer '" + name + "' is a " + type
                                + ": it holds Python code, which cannot be imported (rewrite it as standard layers)");
            }
            if (List.of("Model", "Functional", "Sequential").contains(type)) {
                throw new ImportRefusedException(
                        ImportRefusal.UNSUPPORTED_LAYER,
                        "layer '" + name + "' is a nested model (flatten it into one model before saving)");
            }
        }
    }

    /** The first layer's declared input: [batch, side, side, 1] channels last, or [batch, 1, side, side]. */
    private static KerasInput inputOf(JsonNode config) {
        JsonNode shape = null;
        boolean channelsLast = true;
        for (JsonNode layer : layers(config)) {
            JsonNode layerConfig = layer.path("config");
            if (shape == null && layerConfig.has("batch_input_shape")) {
                shape = layerConfig.get("batch_input_shape");
            }
            if (layerConfig.has("data_format")) {
                channelsLast =
                        !"channels_first".equals(layerConfig.get("data_format").asText());
                break;
            }
        }
        if (shape == null || !shape.isArray() || shape.size() != 4) {
            throw new ImportRefusedException(
                    ImportRefusal.UNSUPPORTED_INPUT,
                    "no image input (batch_input_shape " + shape + "; expected [null, side, side, 1])");
        }
        int h = shape.get(channelsLast ? 1 : 2).asInt(-1);
        int w = shape.get(channelsLast ? 2 : 3).asInt(-1);
        int c = shape.get(channelsLast ? 3 : 1).asInt(-1);
        if (c != 1 || h != w || h < TensorFormat.MIN_SIZE || h > TensorFormat.MAX_SIZE) {
            throw new ImportRefusedException(
                    ImportRefusal.UNSUPPORTED_INPUT,
                    "input " + shape + " ("
                            + (channelsLast ? "channels last" : "channels first")
                            + ") is not one square grayscale image of "
                            + TensorFormat.MIN_SIZE + " to " + TensorFormat.MAX_SIZE + " pixels");
        }
        return new KerasInput(h, channelsLast);
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no detail)";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
