package io.emotionstream.model.preprocess;

import io.emotionstream.schemas.DeadLetterCause;
import java.util.Locale;

/** Why image bytes could not become a tensor. The {@link #code()} is stable: it names dead letters and metric tags. */
public enum RejectReason implements DeadLetterCause {
    /** Zero bytes. */
    EMPTY,
    /** More bytes than the configured limit: refused before any decoding. */
    TOO_MANY_BYTES,
    /** No installed ImageIO reader recognises the bytes (not an image, or an unsupported format). */
    UNRECOGNIZED_FORMAT,
    /** The header declares a zero, negative or absurd width or height. */
    BAD_DIMENSIONS,
    /** The header declares more pixels than the limit: a decompression bomb is refused before pixels are decoded. */
    TOO_MANY_PIXELS,
    /** Within the pixel limits, but decoding and preparing it would take more heap than one image may (ImageLimits). */
    OVER_MEMORY_BUDGET,
    /**
     * Samples the preprocessing does not convert: floating-point ones (a TIFF with SampleFormat 3; supporting them
     * would change the preprocessing's output, a new preprocessing id) and four-channel (CMYK, YCCK) JPEGs.
     */
    UNSUPPORTED_SAMPLES,
    /** The data ends before the image does. */
    TRUNCATED,
    /** The reader failed on the pixel data for another reason. */
    CORRUPT,
    /** Face location is on and no face was found (and the policy is not to fall back to the whole image). */
    NO_FACE;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
