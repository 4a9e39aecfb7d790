package io.emotionstream.datasets;

/** A dataset that cannot be used at all (missing root, no images, unknown label, empty class): a one-line error. */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }
}
