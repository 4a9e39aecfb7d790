package io.emotionstream.fairness.state;

/**
 * The first byte of every persisted state value is its format version. A value written by a newer app (after a
 * rollback) or by a format no longer read is refused with what to do, not misread.
 */
public final class StateVersion {
    private StateVersion() {}

    /** {@code version} must be one this app reads: {@code oldest} to {@code current}. */
    public static void require(byte version, int oldest, int current, String store) {
        if (version < oldest || version > current) {
            throw new IllegalStateException(store + " format version " + version + " is not one this app reads ("
                    + oldest + " to " + current + "): roll back the upgrade or reset the monitor's state");
        }
    }
}
