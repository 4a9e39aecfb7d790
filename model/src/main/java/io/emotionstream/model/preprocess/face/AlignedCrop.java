package io.emotionstream.model.preprocess.face;

import io.emotionstream.model.preprocess.GrayImage;

/**
 * Cuts the square that puts a face's eyes where they are on average in {@link FaceCrop}'s crops, level and at the
 * average distance: a similarity transform (rotation, scale, shift) from the eyes, sampled bilinearly at the source's
 * own resolution (the 48x48 resize after it does the antialiasing). Faces turned in the image plane or framed a bit
 * differently by the face detector then reach the network the same way.
 *
 * <p>{@link #EYE_Y} and {@link #EYE_DISTANCE} are the mean eye positions found by {@link CascadeEyeLocator} in
 * {@link FaceCrop}'s crops of CK+48 and JAFFE (docs/benchmarks.md, "People the model never saw: the seed CNN"), so aligned and merely cropped faces
 * are framed alike. Parts of the square outside the image repeat the edge pixels.
 *
 * <p>The crop is at most {@value #MAX_SIDE} pixels a side: for a larger face the image is first shrunk (antialiased)
 * so that the crop fits, which keeps the memory a face costs bounded (a crop at the source's resolution would be
 * up to three times the face box's area) and changes nothing the 48x48 network input can show.
 */
public final class AlignedCrop {
    /** The eye line's height in the crop, as a fraction of its side. */
    static final double EYE_Y = 0.386;
    /** The distance between the eyes, as a fraction of the crop's side; the eyes are centred horizontally. */
    static final double EYE_DISTANCE = 0.377;

    static final int MAX_SIDE = 256;

    private AlignedCrop() {}

    public static GrayImage around(GrayImage image, EyePair eyes) {
        double natural = eyes.distance() / EYE_DISTANCE;
        if (natural > MAX_SIDE) {
            double shrink = MAX_SIDE / natural;
            int width = Math.max(1, (int) Math.round(image.width() * shrink));
            int height = Math.max(1, (int) Math.round(image.height() * shrink));
            double sx = (double) width / image.width();
            double sy = (double) height / image.height();
            return cut(
                    image.resized(width, height),
                    new EyePair(eyes.leftX() * sx, eyes.leftY() * sy, eyes.rightX() * sx, eyes.rightY() * sy));
        }
        return cut(image, eyes);
    }

    private static GrayImage cut(GrayImage image, EyePair eyes) {
        int side = Math.max(1, Math.min(MAX_SIDE, (int) Math.round(eyes.distance() / EYE_DISTANCE)));
        double step = eyes.distance() / (EYE_DISTANCE * side); // source pixels per crop pixel (1 up to rounding)
        double cos = Math.cos(eyes.angle()) * step;
        double sin = Math.sin(eyes.angle()) * step;
        float[] crop = new float[side * side];
        for (int v = 0; v < side; v++) {
            double dy = v + 0.5 - EYE_Y * side;
            for (int u = 0; u < side; u++) {
                double dx = u + 0.5 - 0.5 * side;
                // pixel centres: the source pixel (i, j) covers [i, i + 1), its centre is i + 0.5
                double sx = eyes.midX() + cos * dx - sin * dy - 0.5;
                double sy = eyes.midY() + sin * dx + cos * dy - 0.5;
                crop[v * side + u] = bilinear(image, sx, sy);
            }
        }
        return new GrayImage(crop, side, side);
    }

    private static float bilinear(GrayImage image, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = (1 - fx) * pixel(image, x0, y0) + fx * pixel(image, x0 + 1, y0);
        double bottom = (1 - fx) * pixel(image, x0, y0 + 1) + fx * pixel(image, x0 + 1, y0 + 1);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    private static float pixel(GrayImage image, int x, int y) {
        return image.pixels()[FaceCrop.clamp(y, image.height()) * image.width() + FaceCrop.clamp(x, image.width())];
    }
}
