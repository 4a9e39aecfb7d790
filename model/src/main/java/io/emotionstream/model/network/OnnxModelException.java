package io.emotionstream.model.network;

/** An ONNX file that cannot be served, and which kind of problem it has. */
public final class OnnxModelException extends RuntimeException {

    public enum Kind {
        /** Bytes ONNX Runtime cannot parse as a model. */
        NOT_ONNX,
        /** A model ONNX Runtime parses but cannot run (an operator or setting it does not implement). */
        UNSUPPORTED,
        /** Not one float tensor in. */
        UNSUPPORTED_INPUT,
        /** Not one float tensor out. */
        UNSUPPORTED_OUTPUT
    }

    private final Kind kind;

    public OnnxModelException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public OnnxModelException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
