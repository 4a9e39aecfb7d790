package io.emotionstream.streamapp.topology;

/** How large a record the app may write, for the topologies, the producers' settings and the topics the app creates. */
public final class OutputLimits {
    /**
     * Largest record the app writes: an image at the images limit plus its tensor and metadata (the pending-images
     * changelog), or plus dead-letter headers. The app's producers and the topics it creates are sized to it, so
     * nothing the app accepted can be too large to write again.
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024 + 256 * 1024;

    private OutputLimits() {}
}
