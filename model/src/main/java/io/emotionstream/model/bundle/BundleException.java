package io.emotionstream.model.bundle;

import java.util.Locale;

/** A model bundle that cannot be used, with a stable reason: callers report it and keep what they had. */
public final class BundleException extends RuntimeException {
    public enum Reason {
        NOT_FOUND,
        UNREADABLE_MANIFEST,
        CHECKSUM_MISMATCH,
        UNREADABLE_MODEL,
        WRONG_SHAPE,
        WRONG_LABELS,
        VERSION_EXISTS,
        /** The manifest names preprocessing (id or face location) this build does not implement. */
        UNSUPPORTED_PREPROCESSING;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public BundleException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public BundleException(Reason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
