package io.emotionstream.model.network;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * An ONNX file loaded into ONNX Runtime: one session that any thread may run (ONNX Runtime's run is thread-safe),
 * each call on the calling thread alone, as serving's stream threads each run one batch at a time. Loaded from bytes,
 * never from a path. The native session is released when this object is no longer reachable (a model swapped out).
 */
public final class OnnxModel {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final long[] outputShape;

    private OnnxModel(OrtSession session, String inputName, long[] inputShape, long[] outputShape) {
        this.session = session;
        this.inputName = inputName;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        CLEANER.register(this, new Closer(session));
    }

    /**
     * Parses and optimises the model. Refused: bytes ONNX Runtime cannot parse or run, and anything but one float
     * tensor in and one float tensor out.
     */
    public static OnnxModel load(byte[] model) {
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = OrtEnvironment.getEnvironment().createSession(model, options);
        } catch (OrtException e) {
            boolean parse = e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_PROTOBUF
                    || e.getCode() == OrtException.OrtErrorCode.ORT_NO_MODEL;
            throw new OnnxModelException(
                    parse ? OnnxModelException.Kind.NOT_ONNX : OnnxModelException.Kind.UNSUPPORTED,
                    "ONNX Runtime cannot load it: " + e.getMessage(),
                    e);
        }
        try {
            Map.Entry<String, TensorInfo> input =
                    onlyFloatTensor(session.getInputInfo(), "input", OnnxModelException.Kind.UNSUPPORTED_INPUT);
            Map.Entry<String, TensorInfo> output =
                    onlyFloatTensor(session.getOutputInfo(), "output", OnnxModelException.Kind.UNSUPPORTED_OUTPUT);
            return new OnnxModel(
                    session,
                    input.getKey(),
                    input.getValue().getShape(),
                    output.getValue().getShape());
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof OnnxModelException refused
                    ? refused
                    : new OnnxModelException(OnnxModelException.Kind.UNSUPPORTED, e.getMessage(), e);
        }
    }

    /** ONNX Runtime's version, for manifests and reports. */
    public static String runtimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** The input tensor's dimensions; -1 where the file leaves one open (usually the batch). */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The output tensor's dimensions; -1 where the file leaves one open. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** True when the file takes any number of images per call; false when it was exported for one at a time. */
    public boolean takesBatches() {
        return inputShape[0] != 1;
    }

    /**
     * The network's outputs for {@code images} inputs of {@link #inputShape()} (the batch dimension being
     * {@code images}), one row per image.
     */
    public float[][] run(float[] inputs, int images) {
        long[] shape = inputShape.clone();
        shape[0] = images;
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(inputs), shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] outShape = out.getInfo().getShape();
            if (outShape.length != 2 || outShape[0] != images) {
                throw new IllegalStateException("the network gave an output of shape " + Arrays.toString(outShape)
                        + " for " + images + " images");
            }
            FloatBuffer values = out.getFloatBuffer();
            float[][] rows = new float[images][(int) outShape[1]];
            for (float[] row : rows) {
                values.get(row);
            }
            return rows;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + images + ": " + e.getMessage(), e);
        } finally {
            // the cleaner must not close the session while a run still uses it
            Reference.reachabilityFence(this);
        }
    }

    private static Map.Entry<String, TensorInfo> onlyFloatTensor(
            Map<String, NodeInfo> nodes, String role, OnnxModelException.Kind refusal) {
        if (nodes.size() != 1) {
            throw new OnnxModelException(
                    refusal,
                    "the network has " + nodes.size() + " " + role + "s " + nodes.keySet() + "; one " + role
                            + " is served");
        }
        Map.Entry<String, NodeInfo> node = nodes.entrySet().iterator().next();
        if (!(node.getValue().getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new OnnxModelException(
                    refusal,
                    "the " + role + " '" + node.getKey() + "' is "
                            + node.getValue().getInfo() + ", not a float tensor");
        }
        return Map.entry(node.getKey(), tensor);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing more to release
        }
    }

    /** Closes the native session; holds no reference to the model, so that the model can become unreachable. */
    private record Closer(OrtSession session) implements Runnable {
        @Override
        public void run() {
            closeQuietly(session);
        }
    }
}
