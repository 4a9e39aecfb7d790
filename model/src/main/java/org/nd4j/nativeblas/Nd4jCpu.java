package org.nd4j.nativeblas;

/**
 * Compatibility bridge that re-enables DL4J's oneDNN layer helpers on ND4J 1.0.0-M2.1.
 *
 * <p>Why this class exists: {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper#mklDnnEnabled()} in
 * deeplearning4j-nn M2.1 looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by name and calls
 * {@code isUseMKLDNN()} on it. The M2.1 native backend moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method to
 * {@code isUseONEDNN()}. The lookup fails, DL4J silently falls back to its im2col path, and convolution layers
 * train ~5x slower. (DL4J also defaults the system property {@code org.eclipse.deeplearning4j.helpers.disable} to
 * true; {@link io.emotionstream.model.runtime.NativeRuntime#init()} sets it to false.) This bridge answers the old lookup with the real setting, so the backend's own switch
 * ({@code Nd4j.getEnvironment().allowHelpers}, {@code setUseONEDNN}) still decides. It holds no state and does
 * nothing else. Remove it when DL4J fixes the lookup; {@code OneDnnBridgeTest} fails when it stops being used.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    /** Mirrors the shape DL4J reflects on: a static {@code getInstance()} and an {@code isUseMKLDNN()}. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
                    .isUseONEDNN();
        }
    }
}
