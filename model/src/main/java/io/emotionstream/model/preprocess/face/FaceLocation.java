package io.emotionstream.model.preprocess.face;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether preprocessing first finds the face. A model bundle records the mode it was trained with (manifest
 * {@code preprocessing.faceLocation} = {@link #code()}) and serving uses exactly that mode.
 *
 * <p>The detection parameters behind a mode (cascade, padding, minimum face size, crop margin) are part of the
 * preprocessing's identity: changing one means a new preprocessing id ({@link io.emotionstream.model.preprocess.Preprocessing#id()}).
 */
public enum FaceLocation {
    /** The seed's behaviour: the whole image is resized. Right for tight face crops such as CK+48. */
    NONE("none", null),
    /** OpenCV's Haar frontal-face cascade: finds faces turned up to ~15 degrees in the image plane. */
    DETECT("detect", "haarcascades/haarcascade_frontalface_default.xml"),
    /** OpenCV's LBP frontal-face cascade: 2-4x cheaper than {@link #DETECT} (docs/benchmarks.md), up to ~10 degrees. */
    DETECT_FAST("detect-fast", "lbpcascades/lbpcascade_frontalface.xml"),
    /**
     * {@link #DETECT}, then the eyes are found in the face ({@link CascadeEyeLocator}) and the crop is turned and scaled
     * so they sit level at the average place ({@link AlignedCrop}); where the eyes are not found, the face is cropped
     * as {@link #DETECT} crops it.
     */
    ALIGN("align", "haarcascades/haarcascade_frontalface_default.xml");

    private final String code;
    private final String cascade;

    FaceLocation(String code, String cascade) {
        this.code = code;
        this.cascade = cascade;
    }

    public String code() {
        return code;
    }

    /** Whether the crop is aligned on the eyes. */
    public boolean alignsEyes() {
        return this == ALIGN;
    }

    /** The OpenCV cascade file, relative to the share directory of OpenCV's natives jar; null for {@link #NONE}. */
    String cascade() {
        return cascade;
    }

    public static FaceLocation parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(mode -> mode.code.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown face location '" + text + "' (expected one of "
                        + Arrays.stream(values()).map(FaceLocation::code).collect(Collectors.joining(", ")) + ")"));
    }
}
