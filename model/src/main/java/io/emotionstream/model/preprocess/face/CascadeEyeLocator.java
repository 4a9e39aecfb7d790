package io.emotionstream.model.preprocess.face;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.emotionstream.model.preprocess.GrayImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds the eyes of a detected face with OpenCV's Haar eye cascade ({@code haarcascade_eye.xml}, shipped in the same
 * natives jar as the face cascades).
 *
 * <p>The band of the face box where eyes sit is scaled so that the face is {@value #FACE_WIDTH} pixels wide, whatever
 * the image: a CK+48 face (48 pixels) and a JAFFE face (~130) then both show eyes of ~30-40 pixels to the cascade's
 * 20-pixel window, and the cost per face is fixed. The cascade also finds eyebrows, nostrils and spectacle rims; of
 * the pairs of one find in each half of the face whose distance and tilt are those of a face, the one nearest the
 * usual eye positions is taken.
 */
public final class CascadeEyeLocator implements EyeLocator {
    static final String CASCADE = "haarcascades/haarcascade_eye.xml";
    static final int FACE_WIDTH = 150;
    /** The band searched, as fractions of the face box's height from its top. */
    static final double BAND_TOP = 0.15;

    static final double BAND_BOTTOM = 0.60;
    /** Eye sizes looked for, as fractions of the face box's width. */
    static final double MIN_EYE = 0.16;

    static final double MAX_EYE = 0.40;
    static final double SCALE_FACTOR = 1.1;
    static final int MIN_NEIGHBORS = 2;
    /** Where eyes usually are in a face box (fractions of its side), to choose between candidates. */
    static final double USUAL_LEFT_X = 0.30;

    static final double USUAL_RIGHT_X = 0.70;
    static final double USUAL_Y = 0.38;
    /** A plausible pair: eye distance as a fraction of the face box's width, and the eye line's tilt. */
    static final double MIN_DISTANCE = 0.25;

    static final double MAX_DISTANCE = 0.65;
    static final double MAX_TILT_DEGREES = 25;
    /** The cascade's finds considered: bounds the pair search whatever the image holds. */
    static final int MAX_CANDIDATES = 32;

    private final ThreadLocal<CascadeClassifier> classifier;

    public CascadeEyeLocator() {
        this.classifier = Cascades.perThread(CASCADE);
    }

    @Override
    public Optional<EyePair> locate(GrayImage image, FaceBox face) {
        int x0 = Math.max(0, face.x());
        int x1 = Math.min(image.width(), face.x() + face.width());
        int y0 = Math.max(0, (int) Math.floor(face.y() + BAND_TOP * face.height()));
        int y1 = Math.min(image.height(), (int) Math.ceil(face.y() + BAND_BOTTOM * face.height()));
        if (x1 - x0 < 8 || y1 - y0 < 4) {
            return Optional.empty();
        }
        double scale = (double) FACE_WIDTH / face.width();
        List<double[]> centres = new ArrayList<>();
        CascadeClassifier cascade = classifier.get(); // outside the scope, which would free a classifier made inside
        try (PointerScope scope = new PointerScope()) {
            Mat band = Cascades.matOf(region(image, x0, y0, x1 - x0, y1 - y0)); // the band only: memory as the face
            Mat scaled = new Mat();
            resize(
                    band,
                    scaled,
                    new Size(Math.max(1, (int) Math.round((x1 - x0) * scale)), Math.max(1, (int)
                            Math.round((y1 - y0) * scale))),
                    0,
                    0,
                    scale < 1 ? INTER_AREA : INTER_LINEAR);
            RectVector found = new RectVector();
            int min = (int) Math.round(MIN_EYE * FACE_WIDTH);
            int max = (int) Math.round(MAX_EYE * FACE_WIDTH);
            cascade.detectMultiScale(
                    scaled, found, SCALE_FACTOR, MIN_NEIGHBORS, 0, new Size(min, min), new Size(max, max));
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                centres.add(new double[] {
                    x0 + (r.x() + r.width() / 2.0) / scale, y0 + (r.y() + r.height() / 2.0) / scale
                });
            }
        }
        return bestPair(centres, face);
    }

    /**
     * Of every plausible pair of a candidate in the face's left half and one in its right half, the one nearest the
     * usual eye positions (sum of both distances); empty when no pair is plausible.
     */
    static Optional<EyePair> bestPair(List<double[]> centres, FaceBox face) {
        double lx = face.x() + USUAL_LEFT_X * face.width();
        double rx = face.x() + USUAL_RIGHT_X * face.width();
        double uy = face.y() + USUAL_Y * face.height();
        List<double[]> considered = centres.subList(0, Math.min(centres.size(), MAX_CANDIDATES));
        EyePair best = null;
        double bestCost = Double.MAX_VALUE;
        for (double[] left : considered) {
            if (left[0] >= face.centerX()) {
                continue;
            }
            for (double[] right : considered) {
                if (right[0] < face.centerX()) {
                    continue;
                }
                EyePair pair = new EyePair(left[0], left[1], right[0], right[1]);
                double cost = Math.hypot(left[0] - lx, left[1] - uy) + Math.hypot(right[0] - rx, right[1] - uy);
                if (cost < bestCost && plausible(pair, face)) {
                    best = pair;
                    bestCost = cost;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static GrayImage region(GrayImage image, int x, int y, int width, int height) {
        float[] pixels = new float[width * height];
        for (int row = 0; row < height; row++) {
            System.arraycopy(image.pixels(), (y + row) * image.width() + x, pixels, row * width, width);
        }
        return new GrayImage(pixels, width, height);
    }

    static boolean plausible(EyePair eyes, FaceBox face) {
        double distance = eyes.distance() / face.width();
        return distance >= MIN_DISTANCE
                && distance <= MAX_DISTANCE
                && Math.abs(Math.toDegrees(eyes.angle())) <= MAX_TILT_DEGREES;
    }
}
