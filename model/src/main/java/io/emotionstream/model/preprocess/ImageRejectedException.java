package io.emotionstream.model.preprocess;

/** Expected bad input: the bytes are not a usable image. Carries a stable {@link RejectReason}. */
public final class ImageRejectedException extends Exception {
    private final RejectReason reason;

    public ImageRejectedException(RejectReason reason, String detail) {
        this(reason, detail, null);
    }

    public ImageRejectedException(RejectReason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
