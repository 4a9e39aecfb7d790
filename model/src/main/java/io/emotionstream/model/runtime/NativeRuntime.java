package io.emotionstream.model.runtime;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One place that prepares ND4J for this project: 32-bit floats everywhere, and oneDNN layer helpers on (see
 * {@link org.nd4j.nativeblas.Nd4jCpu} for why they need a bridge). Call {@link #init()} before building networks.
 */
public final class NativeRuntime {
    /** DL4J M2.1 reads this property before creating any layer helper, and defaults it to "true" (no helpers). */
    static final String HELPERS_DISABLED_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static volatile boolean initialised;

    private NativeRuntime() {
    }

    public static synchronized void init() {
        if (initialised) {
            return;
        }
        if (System.getProperty(HELPERS_DISABLED_PROPERTY) == null) {
            // An operator can still force the plain path with -Dorg.eclipse.deeplearning4j.helpers.disable=true.
            System.setProperty(HELPERS_DISABLED_PROPERTY, "false");
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().allowHelpers(true);
        initialised = true;
    }

    /** True when DL4J will hand convolution and pooling to oneDNN. */
    public static boolean oneDnnEnabled() {
        init();
        return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLED_PROPERTY))
                && BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** One line for logs and reports: backend, threads, whether oneDNN helpers are active. */
    public static String describe() {
        init();
        return "nd4j-native cpu, omp threads " + Nd4j.getEnvironment().maxMasterThreads()
                + ", oneDNN helpers " + (oneDnnEnabled() ? "on" : "off");
    }
}
