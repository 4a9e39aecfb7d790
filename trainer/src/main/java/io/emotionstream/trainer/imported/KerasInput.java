package io.emotionstream.trainer.imported;

/** What a Keras model takes: a square grayscale image of {@code side} pixels, channels last (NHWC) or first (NCHW). */
public record KerasInput(int side, boolean channelsLast) {
    public String layout() {
        return channelsLast ? "NHWC" : "NCHW";
    }
}
