package io.emotionstream.model.preprocess.face;

import io.emotionstream.model.preprocess.GrayImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.FileStorage;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV cascades read from the share directory of OpenCV's natives jar (nothing is downloaded at run time), one
 * classifier per calling thread: a {@code CascadeClassifier} is not safe to share between threads.
 */
final class Cascades {
    private Cascades() {}

    /**
     * A per-thread classifier of the cascade at {@code relative}; the calling thread's is loaded at once, so a cascade
     * that does not load fails at construction, not on the first image. OpenCV's own thread pool is set to one
     * thread: parallelism comes from the callers (stream threads).
     */
    static ThreadLocal<CascadeClassifier> perThread(String relative) {
        String xml = read(relative);
        opencv_core.setNumThreads(1);
        ThreadLocal<CascadeClassifier> classifier = ThreadLocal.withInitial(() -> load(xml, relative));
        classifier.get();
        return classifier;
    }

    /** An 8-bit OpenCV matrix of {@code image}; free it with the caller's {@code PointerScope}. */
    static Mat matOf(GrayImage image) {
        Mat mat = new Mat(image.height(), image.width(), opencv_core.CV_8UC1);
        mat.data().put(image.toBytes());
        return mat;
    }

    private static CascadeClassifier load(String xml, String relative) {
        CascadeClassifier loaded = new CascadeClassifier();
        try (FileStorage storage = new FileStorage(xml, FileStorage.READ | FileStorage.MEMORY)) {
            if (!loaded.read(storage.getFirstTopLevelNode()) || loaded.empty()) {
                throw new IllegalStateException("OpenCV could not read its cascade " + relative);
            }
        }
        return loaded;
    }

    private static String read(String relative) {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + relative;
        try (InputStream in = Cascades.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cascade " + resource + " is not on the classpath (the OpenCV "
                        + "natives jar for " + Loader.getPlatform() + " is missing)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cascade " + resource, e);
        }
    }
}
