package io.emotionstream.microbench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.emotionstream.model.preprocess.GrayImage;
import io.emotionstream.tools.benchstream.BenchImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/** The 640x480 JPEG camera frames bench-stream sends ({@code BENCH_FRAME=640x480}), and two ways to decode them. */
final class Frames {
    private Frames() {}

    /** The faces of {@code images} (a folder of image files), each pasted at a random place into a 640x480 frame. */
    static List<byte[]> of(String images) {
        try {
            return BenchImages.fromEnvironment(Map.of("BENCH_IMAGES", images, "BENCH_FRAME", "640x480"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Production's decode: ImageIO, then our BT.601 grayscale (without its size checks). */
    static GrayImage imageIo(byte[] jpeg) {
        try {
            return GrayImage.of(ImageIO.read(new ByteArrayInputStream(jpeg)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** libjpeg-turbo through OpenCV, straight to grayscale; {@code flag} may ask for a DCT-scaled (smaller) image. */
    static Mat turbo(byte[] jpeg, int flag) {
        Mat buffer = new Mat(1, jpeg.length, opencv_core.CV_8UC1);
        buffer.data().put(jpeg);
        return imdecode(buffer, flag);
    }

    /** An 8-bit grayscale Mat of {@code image}. */
    static Mat mat(GrayImage image) {
        Mat mat = new Mat(image.height(), image.width(), opencv_core.CV_8UC1);
        mat.data().put(image.toBytes());
        return mat;
    }
}
