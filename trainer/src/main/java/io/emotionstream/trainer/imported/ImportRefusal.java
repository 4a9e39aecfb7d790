package io.emotionstream.trainer.imported;

import java.util.Locale;

/** Why a file was not imported: one named reason per kind of bad input, printed with a one-line detail. */
public enum ImportRefusal {
    /** Larger than the import's byte limit (checked before anything is read). */
    TOO_LARGE,
    /** Not an HDF5 file (no HDF5 signature where the format puts it). */
    NOT_HDF5,
    /** A file that cannot be read to the end: truncated or damaged HDF5, or a read error. */
    CORRUPT,
    /** HDF5 without a Keras model configuration (weights only, or not a Keras file). */
    NOT_A_KERAS_MODEL,
    /** A layer holding Python code (Lambda): it cannot run outside Python, and running it would run a stranger's code. */
    PYTHON_CODE,
    /** A layer, operator or setting the importer (or ONNX Runtime) does not handle. */
    UNSUPPORTED_LAYER,
    /** An input that is not one square grayscale image within the preprocessing's bounds. */
    UNSUPPORTED_INPUT,
    /** Weights declared larger than the file or the import's limit: a hostile or broken shape. */
    DECLARED_TOO_LARGE,
    /** Not an ONNX model: bytes ONNX Runtime cannot parse (truncated, damaged, or another format). */
    NOT_ONNX,
    /** An ONNX file that keeps weights in other files (external data): the imported file must be the whole model. */
    EXTERNAL_DATA,
    /** An output that is not one row of class scores per image (or more than one output). */
    UNSUPPORTED_OUTPUT,
    /** The network, as served, does not compute what its producer's framework computed on the inputs given. */
    OUTPUTS_DIFFER,
    /** The class names given do not fit the network's outputs or this project's labels. */
    BAD_LABELS;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
