package io.emotionstream.model.preprocess.face;

import io.emotionstream.model.preprocess.GrayImage;

/**
 * Cuts the square around a detected face that frames it the way the training crops do.
 *
 * <p>{@link #BOX_TO_CROP} is calibrated on CK+48, whose images are tight face crops: run on them (padded), the Haar
 * cascade's box is 1.042 times the image side and centred on it (mean over 980 images), so the crop that reproduces
 * CK+48's framing is the box scaled by 1 / 1.042 = 0.96 about its centre. Parts of the square outside the image repeat
 * the edge pixels, as the detector's padding does.
 */
public final class FaceCrop {
    static final double BOX_TO_CROP = 0.96;

    private FaceCrop() {}

    public static GrayImage around(GrayImage image, FaceBox face) {
        FaceBox square = square(face);
        int side = square.width();
        int left = square.x();
        int top = square.y();
        float[] source = image.pixels();
        float[] crop = new float[side * side];
        for (int y = 0; y < side; y++) {
            int sy = clamp(top + y, image.height());
            int row = sy * image.width();
            for (int x = 0; x < side; x++) {
                crop[y * side + x] = source[row + clamp(left + x, image.width())];
            }
        }
        return new GrayImage(crop, side, side);
    }

    /** The square {@link #around} cuts for {@code face}, in the image's coordinates (may reach past its edges). */
    public static FaceBox square(FaceBox face) {
        int side = Math.max(1, (int) Math.round(Math.max(face.width(), face.height()) * BOX_TO_CROP));
        return new FaceBox(
                (int) Math.round(face.centerX() - side / 2.0),
                (int) Math.round(face.centerY() - side / 2.0),
                side,
                side);
    }

    /** An index clamped to [0, size): outside the image, the edge pixel repeats. */
    static int clamp(int value, int size) {
        return Math.min(size - 1, Math.max(0, value));
    }
}
