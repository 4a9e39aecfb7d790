package io.emotionstream.trainer.imported;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.network.OnnxForward;
import io.emotionstream.model.network.OnnxModel;
import io.emotionstream.model.network.OnnxModelException;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.model.SourceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An ONNX model file checked and loaded into ONNX Runtime as serving will run it: within the size limit, the whole
 * model in the file (no external data), parsed by ONNX Runtime, one square grayscale image in (NCHW or NHWC, any
 * batch or exactly one) and one row of class scores out. Whether the network ends in a softmax is read from what it
 * computes on random images: rows that are all probabilities are taken as such, anything else as logits. The bundle
 * stores the file byte for byte.
 */
public record OnnxFile(byte[] bytes, OnnxModel model, int side, boolean channelsLast, OutputKind outputs)
        implements ImportedNetwork {
    private static final double SUM_TOLERANCE = 1e-4;

    public static OnnxFile inspect(Path file, ImportLimits limits, PixelScale scale) {
        byte[] bytes = read(file, limits);
        if (OnnxExternalData.uses(bytes)) {
            throw new ImportRefusedException(
                    ImportRefusal.EXTERNAL_DATA,
                    file.getFileName() + " keeps weights in other "
                            + "files (ONNX external data); save the model as one file (onnx.save_model without save_as_external_data)");
        }
        OnnxModel model;
        try {
            model = OnnxModel.load(bytes);
        } catch (OnnxModelException e) {
            throw new ImportRefusedException(
                    switch (e.kind()) {
                        case NOT_ONNX -> ImportRefusal.NOT_ONNX;
                        case UNSUPPORTED -> ImportRefusal.UNSUPPORTED_LAYER;
                        case UNSUPPORTED_INPUT -> ImportRefusal.UNSUPPORTED_INPUT;
                        case UNSUPPORTED_OUTPUT -> ImportRefusal.UNSUPPORTED_OUTPUT;
                    },
                    firstLine(e.getMessage()),
                    e);
        }
        long[] in = model.inputShape();
        boolean channelsLast = in.length == 4 && in[3] == 1 && in[1] != 1;
        int side = squareGrayscaleSide(in, channelsLast);
        long[] out = model.outputShape();
        if (out.length != 2 || out[1] < 1) {
            throw new ImportRefusedException(
                    ImportRefusal.UNSUPPORTED_OUTPUT,
                    "the output is " + Arrays.toString(out) + ", not one row of class scores per image");
        }
        TensorFormat format = new TensorFormat(side, scale);
        OutputKind outputs =
                allProbabilities(model, format, channelsLast) ? OutputKind.PROBABILITIES : OutputKind.LOGITS;
        return new OnnxFile(bytes, model, side, channelsLast, outputs);
    }

    @Override
    public SourceFormat format() {
        return SourceFormat.ONNX;
    }

    @Override
    public NetworkForward forward() {
        return new OnnxForward(model, outputs);
    }

    @Override
    public String framework() {
        return "onnxruntime " + OnnxModel.runtimeVersion() + " (imported from ONNX)";
    }

    @Override
    public String describe() {
        return "served by ONNX Runtime " + layout() + (model.takesBatches() ? ", batches" : ", one image per call")
                + ", outputs " + (outputs == OutputKind.LOGITS ? "logits (softmax added)" : "probabilities");
    }

    @Override
    public ModelBundle publish(ModelRegistry registry, ModelManifest.Builder draft) {
        return registry.publishOnnx(bytes, draft);
    }

    private static byte[] read(Path file, ImportLimits limits) {
        try {
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) {
                throw new ImportRefusedException(
                        ImportRefusal.TOO_LARGE,
                        file.getFileName() + " is " + size + " bytes, above the import limit of "
                                + limits.maxFileBytes());
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImportRefusedException(ImportRefusal.CORRUPT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** [batch, 1, S, S] or [batch, S, S, 1], the batch open (-1) or 1, S within the tensor bounds. */
    private static int squareGrayscaleSide(long[] in, boolean channelsLast) {
        String why = null;
        if (in.length != 4) {
            why = "not an image batch (rank " + in.length + ")";
        } else if (in[0] != -1 && in[0] != 1) {
            why = "exported for batches of exactly " + in[0] + " images (export with a dynamic batch axis, or batch 1)";
        } else {
            long channels = channelsLast ? in[3] : in[1];
            long height = channelsLast ? in[1] : in[2];
            long width = channelsLast ? in[2] : in[3];
            if (channels != 1) {
                why = channels + " channels: one grayscale channel is served";
            } else if (height != width || height < TensorFormat.MIN_SIZE || height > TensorFormat.MAX_SIZE) {
                why = "a " + height + "x" + width + " image: a square side in [" + TensorFormat.MIN_SIZE + ", "
                        + TensorFormat.MAX_SIZE + "] is served";
            }
        }
        if (why != null) {
            throw new ImportRefusedException(
                    ImportRefusal.UNSUPPORTED_INPUT, "the input " + Arrays.toString(in) + " is " + why);
        }
        return (int) in[2];
    }

    private static boolean allProbabilities(OnnxModel model, TensorFormat format, boolean channelsLast) {
        // served as they are (no softmax added), on as many images per call as the file takes
        float[][] rows = new OnnxForward(model, OutputKind.PROBABILITIES)
                .probabilities(NetworkInput.of(CheckImages.tensors(format), format, channelsLast));
        for (float[] row : rows) {
            double sum = 0;
            for (float p : row) {
                if (!(p >= 0 && p <= 1)) {
                    return false;
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
