package io.emotionstream.microbench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding a 640x480 JPEG camera frame to grayscale, one thread, time per frame: production's ImageIO and BT.601
 * path against libjpeg-turbo (OpenCV {@code imdecode}) at full size and DCT-scaled to 1/2 and 1/4.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameDecodeBenchmark {
    /** A folder of face images; each is pasted into a frame. */
    @Param("../shared/datasets/JAFFE")
    public String images;

    private List<byte[]> frames;
    private int next;

    @Setup(Level.Trial)
    public void frames() {
        opencv_core.setNumThreads(1);
        frames = Frames.of(images);
    }

    private byte[] frame() {
        next = (next + 1) % frames.size();
        return frames.get(next);
    }

    @Benchmark
    public void imageIoAndBt601(Blackhole sink) {
        sink.consume(Frames.imageIo(frame()));
    }

    @Benchmark
    public void turboGray(Blackhole sink) {
        decodeAndRelease(IMREAD_GRAYSCALE, sink);
    }

    @Benchmark
    public void turboGrayHalf(Blackhole sink) {
        decodeAndRelease(IMREAD_REDUCED_GRAYSCALE_2, sink);
    }

    @Benchmark
    public void turboGrayQuarter(Blackhole sink) {
        decodeAndRelease(IMREAD_REDUCED_GRAYSCALE_4, sink);
    }

    private void decodeAndRelease(int flag, Blackhole sink) {
        try (Mat gray = Frames.turbo(frame(), flag)) {
            sink.consume(gray.rows());
        }
    }
}
