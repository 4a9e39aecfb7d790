package io.emotionstream.model.runtime;

import java.util.function.Supplier;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One place that prepares ND4J for this project: the oneDNN build of the native library, 32-bit floats everywhere,
 * and DL4J's oneDNN layer helpers on (see {@link org.nd4j.nativeblas.Nd4jCpu} for why they need a bridge).
 * Call {@link #init()} before any other ND4J use.
 *
 * <p>Three things have to line up for the ~4x faster convolutions, and each alone does nothing: the
 * {@code linux-x86_64-onednn} natives (the default build has no oneDNN kernels: it logs "ONEDNN is not used for
 * conv2d"), DL4J's helper switch (a system property that defaults to off), and the class-name bridge.
 */
public final class NativeRuntime {
    /** DL4J M2.1 reads this property before creating any layer helper, and defaults it to "true" (no helpers). */
    static final String HELPERS_DISABLED_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** JavaCPP picks the natives directory by platform + extension; our nd4j-native jar is the "-onednn" build. */
    static final String PLATFORM_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    static final String ONEDNN_EXTENSION = "-onednn";

    static {
        // Must happen before ND4J loads its natives, i.e. before the first Nd4j call anywhere in the JVM.
        if (System.getProperty(PLATFORM_EXTENSION_PROPERTY) == null) {
            System.setProperty(PLATFORM_EXTENSION_PROPERTY, ONEDNN_EXTENSION);
        }
    }

    private static volatile boolean initialised;

    private NativeRuntime() {}

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

    /**
     * Runs {@code build} with DL4J's layer helpers off: the layers it creates compute with ND4J's plain kernels for
     * their whole life (DL4J reads the switch when a layer is created). For reference computations only, such as
     * checking an imported graph against the plain path; serialised, and the switch is restored after.
     */
    public static synchronized <T> T withoutLayerHelpers(Supplier<T> build) {
        init();
        String before = System.getProperty(HELPERS_DISABLED_PROPERTY);
        System.setProperty(HELPERS_DISABLED_PROPERTY, "true");
        try {
            return build.get();
        } finally {
            System.setProperty(HELPERS_DISABLED_PROPERTY, before);
        }
    }

    /** True when DL4J will hand convolution and pooling to oneDNN. */
    public static boolean oneDnnEnabled() {
        init();
        return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLED_PROPERTY)) && BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** One line for logs and reports: backend, threads, whether oneDNN helpers are active. */
    public static String describe() {
        init();
        return "nd4j-native cpu, omp threads " + Nd4j.getEnvironment().maxMasterThreads() + ", oneDNN helpers "
                + (oneDnnEnabled() ? "on" : "off");
    }
}
