package io.emotionstream.model.network;

import io.emotionstream.schemas.model.OutputKind;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ONNX Runtime's forward pass ({@link OnnxModel}): one session for all threads. Networks that end without a softmax
 * (PyTorch classifiers usually end in a linear layer) get it here, so that every engine returns probabilities. A file
 * exported for one image at a time runs a batch image by image.
 */
public final class OnnxForward implements NetworkForward {
    private final OnnxModel model;
    private final OutputKind outputs;

    public OnnxForward(OnnxModel model, OutputKind outputs) {
        this.model = model;
        this.outputs = outputs;
    }

    @Override
    public float[][] probabilities(INDArray batch) {
        int images = (int) batch.size(0);
        float[] inputs = batch.ravel().toFloatVector();
        float[][] rows = model.takesBatches() ? model.run(inputs, images) : oneByOne(inputs, images);
        if (outputs == OutputKind.LOGITS) {
            for (float[] row : rows) {
                softmaxInPlace(row);
            }
        }
        return rows;
    }

    @Override
    public String path() {
        return "onnx-runtime";
    }

    private float[][] oneByOne(float[] inputs, int images) {
        int perImage = inputs.length / images;
        float[][] rows = new float[images][];
        for (int i = 0; i < images; i++) {
            float[] one = new float[perImage];
            System.arraycopy(inputs, i * perImage, one, 0, perImage);
            rows[i] = model.run(one, 1)[0];
        }
        return rows;
    }

    /** Softmax of one row, shifted by its maximum so that large logits cannot overflow. */
    public static void softmaxInPlace(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (row[i] / sum);
        }
    }
}
