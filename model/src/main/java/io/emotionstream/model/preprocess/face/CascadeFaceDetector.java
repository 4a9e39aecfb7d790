package io.emotionstream.model.preprocess.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.emotionstream.model.preprocess.GrayImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Viola-Jones face detection with OpenCV's {@code CascadeClassifier} and a cascade file shipped inside OpenCV's
 * natives jar from Maven Central: nothing is downloaded at run time.
 *
 * <p>Two choices make it fit this system (each measured on CK+48 and JAFFE, docs/benchmarks.md, "Face location"):
 * <ul>
 *   <li>Faces smaller than {@value #MIN_FACE_FRACTION} of the image's short side are ignored, and the image is first
 *       shrunk so that this smallest face is one {@value #WINDOW}-pixel detector window: the cost per image is then
 *       about the same for a 256x256 JAFFE photo and a 1280x720 camera frame.</li>
 *   <li>The image is padded by {@value #PADDING} of its short side with replicated edges: in tight crops like CK+48 the
 *       face touches the border and is otherwise missed (848 of 981 found without, 980 with).</li>
 * </ul>
 * Each calling thread gets a classifier of its own ({@link Cascades}).
 */
public final class CascadeFaceDetector implements FaceDetector {
    static final double MIN_FACE_FRACTION = 0.15;
    static final int WINDOW = 24;
    static final double PADDING = 0.15;
    static final double SCALE_FACTOR = 1.1;
    static final int MIN_NEIGHBORS = 4;

    private final ThreadLocal<CascadeClassifier> classifier;

    public CascadeFaceDetector(FaceLocation mode) {
        if (mode.cascade() == null) {
            throw new IllegalArgumentException("face location '" + mode.code() + "' has no detector");
        }
        this.classifier = Cascades.perThread(mode.cascade());
    }

    @Override
    public List<FaceBox> detect(GrayImage image) {
        int width = image.width();
        int height = image.height();
        double minFace = Math.max(1, MIN_FACE_FRACTION * Math.min(width, height));
        double shrink = Math.min(1.0, WINDOW / minFace);
        List<FaceBox> faces = new ArrayList<>();
        // Fetched outside the scope: a classifier created inside it would be freed when the scope closes.
        CascadeClassifier cascade = classifier.get();
        try (PointerScope scope = new PointerScope()) {
            Mat full = Cascades.matOf(image);
            Mat small = full;
            if (shrink < 1) {
                small = new Mat();
                resize(
                        full,
                        small,
                        new Size(Math.max(1, (int) Math.round(width * shrink)), Math.max(1, (int)
                                Math.round(height * shrink))),
                        0,
                        0,
                        INTER_AREA);
            }
            int pad = (int) Math.round(PADDING * Math.min(small.cols(), small.rows()));
            Mat padded = new Mat();
            copyMakeBorder(small, padded, pad, pad, pad, pad, BORDER_REPLICATE);
            int minSize = Math.max(WINDOW, (int) Math.floor(minFace * shrink));
            RectVector found = new RectVector();
            cascade.detectMultiScale(
                    padded, found, SCALE_FACTOR, MIN_NEIGHBORS, 0, new Size(minSize, minSize), new Size());
            double sx = (double) width / small.cols();
            double sy = (double) height / small.rows();
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                faces.add(new FaceBox(
                        (int) Math.round((r.x() - pad) * sx),
                        (int) Math.round((r.y() - pad) * sy),
                        Math.max(1, (int) Math.round(r.width() * sx)),
                        Math.max(1, (int) Math.round(r.height() * sy))));
            }
        }
        faces.sort(Comparator.comparingLong(FaceBox::area).reversed());
        return faces;
    }
}
