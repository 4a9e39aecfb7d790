package io.emotionstream.model.preprocess;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How an 8-bit gray value becomes the float a network was trained on; part of the preprocessing's identity. */
public enum PixelScale {
    /** The seed CNN's: {@code x / 255}, in [0, 1]. */
    UNIT("divide-255"),
    /** Keras' Xception-style networks (mini-Xception): {@code (x / 255 - 0.5) * 2}, in [-1, 1]. */
    SYMMETRIC("minus-one-to-one");

    private final String code;

    PixelScale(String code) {
        this.code = code;
    }

    /** The name manifests and the import command use. */
    public String code() {
        return code;
    }

    /** A gray value in [0, 255] (clamped first: resampling can overshoot by a rounding error). */
    public float apply(float gray) {
        float unit = Math.min(1f, Math.max(0f, gray / 255f));
        return this == UNIT ? unit : (unit - 0.5f) * 2f;
    }

    public static PixelScale parse(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown pixel scale '" + code + "' (expected one of "
                        + Arrays.stream(values()).map(PixelScale::code).collect(Collectors.joining(", ")) + ")"));
    }
}
