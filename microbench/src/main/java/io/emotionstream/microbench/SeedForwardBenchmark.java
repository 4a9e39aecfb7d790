package io.emotionstream.microbench;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.network.SeedCnn;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * One forward pass of the seed CNN through {@link NetworkForward}, the path serving takes, time per batch. Serving's
 * shape is one single-threaded caller per core: run with {@code OMP_NUM_THREADS=1} and JMH's {@code -t 1} or
 * {@code -t 2} (bench/microbench.sh does); images/s = batch x threads / time per batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Dorg.bytedeco.javacpp.platform.extension=-onednn")
public class SeedForwardBenchmark {
    /** One copy of the weights for every calling thread, as in serving. */
    @State(Scope.Benchmark)
    public static class Network {
        NetworkForward forward;

        @Setup(Level.Trial)
        public void build() {
            forward = NetworkForward.of(SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 1));
        }
    }

    /** Each thread's own batch of random images. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"1", "32"})
        public int size;

        INDArray images;

        @Setup(Level.Trial)
        public void draw() {
            images = Nd4j.rand(new int[] {size, 1, 48, 48});
        }
    }

    @Benchmark
    public float[][] forward(Network network, Batch batch) {
        return network.forward.probabilities(batch.images);
    }
}
