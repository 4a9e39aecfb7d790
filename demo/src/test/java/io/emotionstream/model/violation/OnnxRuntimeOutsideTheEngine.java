package io.emotionstream.model.violation;

import ai.onnxruntime.OrtEnvironment;

/** A deliberate violation for ArchitectureTest: ONNX Runtime used outside the inference seam. Test code, never shipped. */
public final class OnnxRuntimeOutsideTheEngine {
    public String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }
}
