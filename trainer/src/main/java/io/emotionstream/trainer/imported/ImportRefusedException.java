package io.emotionstream.trainer.imported;

/** A file refused by the importer: {@link #getMessage()} is the one line a user sees ({@code reason: detail}). */
public final class ImportRefusedException extends RuntimeException {
    private final ImportRefusal reason;

    public ImportRefusedException(ImportRefusal reason, String detail) {
        this(reason, detail, null);
    }

    public ImportRefusedException(ImportRefusal reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public ImportRefusal reason() {
        return reason;
    }
}
