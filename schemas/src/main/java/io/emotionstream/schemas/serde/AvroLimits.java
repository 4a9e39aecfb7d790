package io.emotionstream.schemas.serde;

import java.lang.reflect.Method;
import org.apache.avro.SystemLimitException;

/**
 * Avro's own decode limits ({@code org.apache.avro.limits.*}), set before anything is decoded so that a length
 * prefix written by a producer can never make the reader allocate more than these. Without them Avro accepts up to
 * 2 GiB for one string or byte array: a few hostile bytes on any topic would end the JVM with OutOfMemoryError.
 *
 * <p>Avro reads the properties once, when {@link SystemLimitException} is loaded, which may already have happened
 * (encoding loads it too); {@link #install()} sets any the operator has not set ({@code -D} wins), makes Avro read
 * them again (its package-private {@code resetLimits()}, the hook Avro's own tests use), then checks that the limits
 * in effect are no larger than ours.
 */
public final class AvroLimits {
    /** Largest {@code bytes} value: an image (ImageLimits' 16 MiB) or a model bundle (the models topic's 16 MiB). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** Largest string, in bytes: far above any id, name or manifest, far below what hurts the heap. */
    public static final int MAX_STRING_BYTES = 1024 * 1024;
    /** Most items in one array or map (group maps, manifest lists). */
    public static final int MAX_COLLECTION_ITEMS = 10_000;

    private static volatile boolean installed;

    private AvroLimits() {}

    /** Idempotent; call before the first decode. Throws when stricter-than-Avro limits could not take effect. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        rereadLimits();
        requireInEffect("bytes", () -> SystemLimitException.checkMaxBytesLength(MAX_BYTES + 1L));
        requireInEffect("string", () -> SystemLimitException.checkMaxStringLength(MAX_STRING_BYTES + 1L));
        requireInEffect(
                "collection", () -> SystemLimitException.checkMaxCollectionLength(0, MAX_COLLECTION_ITEMS + 1L));
        installed = true;
    }

    private static void rereadLimits() {
        try {
            Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // an Avro without the hook: the check below tells whether the properties were read in time
        }
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    /** The limit is in effect when one item past ours is refused (an operator's smaller limit passes too). */
    private static void requireInEffect(String kind, Runnable checkOnePastOurs) {
        try {
            checkOnePastOurs.run();
        } catch (SystemLimitException expected) {
            return;
        }
        throw new IllegalStateException("Avro's " + kind + " limit is looser than emotion-stream's: "
                + "org.apache.avro.SystemLimitException was loaded before AvroLimits.install(), or -D"
                + "org.apache.avro.limits.* was set higher");
    }
}
