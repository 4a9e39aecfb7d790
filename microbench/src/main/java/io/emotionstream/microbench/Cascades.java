package io.emotionstream.microbench;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.FileStorage;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's face cascades run the way {@code CascadeFaceDetector} runs them (shrink so the smallest face, a share of
 * the short side, is one 24-pixel window; pad 15% with replicated edges; 4 neighbours), with the pyramid's scale
 * factor free: the levers a camera frame's preprocessing could pull.
 */
final class Cascades {
    static final String HAAR = "haarcascades/haarcascade_frontalface_default.xml";
    static final String LBP = "lbpcascades/lbpcascade_frontalface.xml";
    private static final double MIN_FACE_SHARE = 0.15;

    private Cascades() {}

    /** A cascade file of the OpenCV natives jar on the classpath, read from memory. */
    static CascadeClassifier load(String file) {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + file;
        try (InputStream in = Cascades.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            CascadeClassifier cascade = new CascadeClassifier();
            try (FileStorage storage = new FileStorage(xml, FileStorage.READ | FileStorage.MEMORY)) {
                cascade.read(storage.getFirstTopLevelNode());
            }
            return cascade;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many faces {@code cascade} finds in an 8-bit grayscale image at {@code scaleFactor}. */
    static int faces(CascadeClassifier cascade, Mat gray, double scaleFactor) {
        try (PointerScope scope = new PointerScope()) {
            int width = gray.cols();
            int height = gray.rows();
            double minFace = Math.max(1, MIN_FACE_SHARE * Math.min(width, height));
            double shrink = Math.min(1.0, 24 / minFace);
            Mat small = gray;
            if (shrink < 1) {
                small = new Mat();
                resize(
                        gray,
                        small,
                        new Size((int) Math.round(width * shrink), (int) Math.round(height * shrink)),
                        0,
                        0,
                        INTER_AREA);
            }
            int pad = (int) Math.round(0.15 * Math.min(small.cols(), small.rows()));
            Mat padded = new Mat();
            copyMakeBorder(small, padded, pad, pad, pad, pad, BORDER_REPLICATE);
            int minSize = Math.max(24, (int) Math.floor(minFace * shrink));
            RectVector found = new RectVector();
            cascade.detectMultiScale(padded, found, scaleFactor, 4, 0, new Size(minSize, minSize), new Size());
            return (int) found.size();
        }
    }
}
