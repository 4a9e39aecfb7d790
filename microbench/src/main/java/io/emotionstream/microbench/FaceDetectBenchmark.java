package io.emotionstream.microbench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;

import io.emotionstream.model.preprocess.GrayImage;
import io.emotionstream.model.preprocess.face.CascadeFaceDetector;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Finding the face in a 640x480 camera frame already decoded to grayscale, one thread, time per frame. {@code lever}
 * is the detector and its pyramid's scale factor ({@code production} is {@code CascadeFaceDetector} itself: Haar at
 * 1.1); a {@code -half} lever detects on the frame DCT-scaled to 1/2 at decode. Faster levers may find fewer faces:
 * the set-up prints how many frames each finds a face in, the recall that speed must be weighed against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FaceDetectBenchmark {
    @Param("../shared/datasets/JAFFE")
    public String images;

    @Param({"production", "haar-1.1", "haar-1.2", "haar-1.3", "lbp-1.1", "lbp-1.2", "haar-1.2-half"})
    public String lever;

    private final CascadeFaceDetector production = new CascadeFaceDetector(FaceLocation.DETECT);
    private List<GrayImage> grays;
    private List<Mat> mats;
    private CascadeClassifier cascade;
    private double scaleFactor;
    private int next;

    @Setup(Level.Trial)
    public void frames() {
        opencv_core.setNumThreads(1);
        List<byte[]> frames = Frames.of(images);
        grays = new ArrayList<>();
        mats = new ArrayList<>();
        boolean half = lever.endsWith("-half");
        for (byte[] frame : frames) {
            GrayImage gray = Frames.imageIo(frame);
            grays.add(gray);
            mats.add(half ? Frames.turbo(frame, IMREAD_REDUCED_GRAYSCALE_2) : Frames.mat(gray));
        }
        if (!lever.equals("production")) {
            String[] parts = lever.split("-");
            cascade = Cascades.load(parts[0].equals("haar") ? Cascades.HAAR : Cascades.LBP);
            scaleFactor = Double.parseDouble(parts[1]);
        }
        int found = 0;
        for (int i = 0; i < frames.size(); i++) {
            found += detect(i) > 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%n%s: a face found in %d of %d frames%n", lever, found, frames.size());
    }

    private int detect(int frame) {
        return cascade == null
                ? production.detect(grays.get(frame)).size()
                : Cascades.faces(cascade, mats.get(frame), scaleFactor);
    }

    @Benchmark
    public int detect() {
        next = (next + 1) % grays.size();
        return detect(next);
    }
}
