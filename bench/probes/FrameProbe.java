package io.emotionstream.tools.benchstream;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgcodecs.*;

import io.emotionstream.model.preprocess.GrayImage;
import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;

import io.emotionstream.model.preprocess.face.CascadeFaceDetector;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.nio.charset.StandardCharsets;
import java.util.*;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.*;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Levers for full camera frames (docs/benchmarks.md section 14): decode and detection variants on the frames bench-stream
 * sends with BENCH_FRAME=640x480, time per frame and faces found, one thread. Run by bench/frame-levers.sh.
 */
public class FrameProbe {
    static CascadeClassifier load(String rel) throws Exception {
        String res = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + rel;
        String xml = new String(FrameProbe.class.getResourceAsStream(res).readAllBytes(), StandardCharsets.UTF_8);
        CascadeClassifier c = new CascadeClassifier();
        try (FileStorage fs = new FileStorage(xml, FileStorage.READ | FileStorage.MEMORY)) { c.read(fs.getFirstTopLevelNode()); }
        return c;
    }

    /** Same steps as CascadeFaceDetector (shrink so the smallest face is one 24-px window, pad 15%), variable scale factor. */
    static int detect(CascadeClassifier cascade, Mat gray, double scaleFactor, double minFaceFraction) {
        try (PointerScope scope = new PointerScope()) {
            int w = gray.cols(), h = gray.rows();
            double minFace = Math.max(1, minFaceFraction * Math.min(w, h));
            double shrink = Math.min(1.0, 24 / minFace);
            Mat small = gray;
            if (shrink < 1) { small = new Mat(); resize(gray, small, new Size((int) Math.round(w * shrink), (int) Math.round(h * shrink)), 0, 0, INTER_AREA); }
            int pad = (int) Math.round(0.15 * Math.min(small.cols(), small.rows()));
            Mat padded = new Mat();
            copyMakeBorder(small, padded, pad, pad, pad, pad, BORDER_REPLICATE);
            int minSize = Math.max(24, (int) Math.floor(minFace * shrink));
            RectVector found = new RectVector();
            cascade.detectMultiScale(padded, found, scaleFactor, 4, 0, new Size(minSize, minSize), new Size());
            return (int) found.size();
        }
    }

    static Mat imdecodeGray(byte[] jpeg, int flag) {
        Mat buf = new Mat(1, jpeg.length, opencv_core.CV_8UC1);
        buf.data().put(jpeg);
        return imdecode(buf, flag);
    }

    static Mat toMat(GrayImage g) {
        Mat m = new Mat(g.height(), g.width(), opencv_core.CV_8UC1);
        m.data().put(g.toBytes());
        return m;
    }

    public static void main(String[] args) throws Exception {
        opencv_core.setNumThreads(1);
        String[] sets = args;
        CascadeClassifier haar = load("haarcascades/haarcascade_frontalface_default.xml");
        CascadeClassifier lbp = load("lbpcascades/lbpcascade_frontalface.xml");

        CascadeFaceDetector production = new CascadeFaceDetector(FaceLocation.DETECT);
        for (String set : sets) {
            List<byte[]> frames = BenchImages.fromEnvironment(Map.of("BENCH_IMAGES", set, "BENCH_FRAME", "640x480"));
            System.out.printf("%n== %s: %d frames 640x480 JPEG%n", set, frames.size());
            for (int round = 0; round < 2; round++) {
                boolean report = round == 1;
                long t; int found;
                t = System.nanoTime(); for (byte[] f : frames) GrayImage.of(ImageIO.read(new ByteArrayInputStream(f))); if (report) line("decode: ImageIO + our grayscale (production, without its size checks)", t, frames.size(), -1);
                t = System.nanoTime(); for (byte[] f : frames) imdecodeGray(f, IMREAD_GRAYSCALE).close(); if (report) line("decode: libjpeg-turbo (OpenCV) grayscale", t, frames.size(), -1);
                t = System.nanoTime(); for (byte[] f : frames) imdecodeGray(f, IMREAD_REDUCED_GRAYSCALE_2).close(); if (report) line("decode: libjpeg-turbo grayscale, DCT-scaled 1/2 (320x240)", t, frames.size(), -1);
                t = System.nanoTime(); for (byte[] f : frames) imdecodeGray(f, IMREAD_REDUCED_GRAYSCALE_4).close(); if (report) line("decode: libjpeg-turbo grayscale, DCT-scaled 1/4 (160x120)", t, frames.size(), -1);
                List<GrayImage> grays = new ArrayList<>(); for (byte[] f : frames) grays.add(GrayImage.of(ImageIO.read(new ByteArrayInputStream(f))));
                t = System.nanoTime(); found = 0; for (GrayImage g : grays) found += production.detect(g).isEmpty() ? 0 : 1; if (report) line("detect: production Haar (scale 1.1, min face 15%)", t, frames.size(), found);
                List<Mat> mats = new ArrayList<>(); for (GrayImage g : grays) mats.add(toMat(g));
                List<Mat> half = new ArrayList<>(); for (byte[] f : frames) half.add(imdecodeGray(f, IMREAD_REDUCED_GRAYSCALE_2));
                List<Mat> quarter = new ArrayList<>(); for (byte[] f : frames) quarter.add(imdecodeGray(f, IMREAD_REDUCED_GRAYSCALE_4));
                Object[][] variants = {
                        {"Haar 1.1", haar, 1.1, mats}, {"Haar 1.2", haar, 1.2, mats}, {"Haar 1.3", haar, 1.3, mats},
                        {"LBP 1.1", lbp, 1.1, mats}, {"LBP 1.2", lbp, 1.2, mats},
                        {"Haar 1.1 on the 1/2 DCT-scaled decode", haar, 1.1, half}, {"Haar 1.2 on the 1/2 DCT-scaled decode", haar, 1.2, half},
                        {"Haar 1.1 on the 1/4 DCT-scaled decode (min face 18 px < window)", haar, 1.1, quarter}};
                for (Object[] v : variants) {
                    @SuppressWarnings("unchecked") List<Mat> in = (List<Mat>) v[3];
                    t = System.nanoTime(); found = 0;
                    for (Mat m : in) found += detect((CascadeClassifier) v[1], m, (double) v[2], 0.15) > 0 ? 1 : 0;
                    if (report) line("detect: " + v[0], t, frames.size(), found);
                }
            }
        }
    }

    static void line(String what, long start, int n, int found) {
        double ms = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf(Locale.ROOT, "  %-70s %6.2f ms/frame %7.0f frames/s%s%n", what, ms, 1000 / ms, found < 0 ? "" : "  faces found in " + found + " of " + n);
    }
}
