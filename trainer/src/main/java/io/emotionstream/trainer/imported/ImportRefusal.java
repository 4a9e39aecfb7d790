package io.emotionstream.trainer.imported;

import java.util.Locale;

/** Why a file was not imported: one named reason per kind of bad input, printed with a one-line detail. */
public enum ImportRefusal {
    /** Larger than the import's byte limit (checked before anything is read). */
    TOO_LARGE,
    /** Not an HDF5 file (no HDF5 signature where the format puts it). */
    NOT_HDF5,
    /** HDF5 that the library cannot read to the end: truncated or damaged. */
    CORRUPT,
    /** HDF5 without a Keras model configuration (weights only, or not a Keras file). */
    NOT_A_KERAS_MODEL,
    /** A layer holding Python code (Lambda): it cannot run outside Python, and running it would run a stranger's code. */
    PYTHON_CODE,
    /** A layer or setting the importer does not handle. */
    UNSUPPORTED_LAYER,
    /** An input that is not one square grayscale image within the preprocessing's bounds. */
    UNSUPPORTED_INPUT,
    /** Weights declared larger than the file or the import's limit: a hostile or broken shape. */
    DECLARED_TOO_LARGE,
    /** The class names given do not fit the network's outputs or this project's labels. */
    BAD_LABELS;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
