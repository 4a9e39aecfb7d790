package io.emotionstream.model.preprocess;

import io.emotionstream.schemas.model.PreprocessingSpec;
import java.awt.image.BufferedImage;

/**
 * The one path from image bytes to the network's input: decode (any ImageIO format) -> grayscale (BT.601 luma)
 * -> 48x48 (antialiased bilinear) -> floats in [0, 1], row-major. Trainer and stream-app both call this class, so
 * a model never sees pixels prepared differently from the ones it was trained on.
 */
public final class ImagePreprocessor {
    public static final int SIZE = 48;
    /** Names this implementation in model manifests; bump it whenever the output for some input changes. */
    public static final String ID = "gray-resize-v1";

    private final ImageDecoder decoder;

    public ImagePreprocessor(ImageLimits limits) {
        this.decoder = new ImageDecoder(limits);
    }

    public static ImagePreprocessor withDefaultLimits() {
        return new ImagePreprocessor(ImageLimits.DEFAULT);
    }

    /** Bytes of any supported format to a 48*48 tensor; expected bad input is a checked, reasoned rejection. */
    public float[] preprocess(byte[] imageBytes) throws ImageRejectedException {
        return toTensor(decoder.decode(imageBytes));
    }

    /** An already decoded image to a 48*48 tensor in [0, 1]. */
    public float[] toTensor(BufferedImage image) {
        float[] gray = Grayscale.of(image);
        float[] small = TriangleResampler.resize(gray, image.getWidth(), image.getHeight(), SIZE, SIZE);
        for (int i = 0; i < small.length; i++) {
            small[i] = Math.min(1f, Math.max(0f, small[i] / 255f));
        }
        return small;
    }

    /** What this preprocessing is, for the manifest of every model trained with it. */
    public static PreprocessingSpec spec() {
        return PreprocessingSpec.newBuilder()
                .setId(ID)
                .setFaceLocation("none")
                .setGrayscale("bt601-luma")
                .setResize("bilinear-antialiased-" + SIZE + "x" + SIZE)
                .setScale("divide-255")
                .build();
    }
}
