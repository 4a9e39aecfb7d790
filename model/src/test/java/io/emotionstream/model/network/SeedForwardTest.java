package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The lean inference path must answer what DL4J's network.output answers, for every seed-shaped network. */
class SeedForwardTest {
    /** The bound for a leaner path: equal to DL4J's outputs within 1e-5. */
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> activations() {
        List<Arguments> all = new ArrayList<>();
        for (Activation first : Activation.values()) {
            for (Activation second : Activation.values()) {
                all.add(Arguments.of(first, second));
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("activations")
    void shouldEqualDl4jsOutputs_forEveryActivationOfTheConvolutions(Activation first, Activation second) {
        // given a trained seed network (so weights are not the initial ones) with these activations
        MultiLayerNetwork network =
                trained(new CnnHyperparameters(first, 0.3, second, 0.3, Activation.RELU, 0.1, Optimizer.ADAM, 0.01), 7);

        // when the lean path and DL4J classify batches of several sizes, saturating inputs included
        SeedForward lean = SeedForward.of(network).orElseThrow();
        for (int size : new int[] {1, 7, 32}) {
            INDArray batch =
                    Nd4j.rand(DataType.FLOAT, size, 1, 48, 48).subi(0.5).muli(size == 7 ? 40 : 1);

            // then the probabilities agree
            INDArray expected = network.output(batch, false);
            assertThat(Nd4j.create(lean.probabilities(batch))
                            .sub(expected)
                            .amaxNumber()
                            .doubleValue())
                    .as("batch of %d", size)
                    .isLessThan(TOLERANCE);
            assertThat(lean.output(batch).sub(expected).amaxNumber().doubleValue())
                    .isLessThan(TOLERANCE);
        }
    }

    @Test
    void shouldKeepItsOwnCopyOfTheWeights_whenTheNetworkTrainsOn() {
        MultiLayerNetwork network = trained(CnnHyperparameters.SEED_CKPLUS, 3);
        INDArray batch = Nd4j.rand(DataType.FLOAT, 4, 1, 48, 48);
        SeedForward lean = SeedForward.of(network).orElseThrow();
        INDArray before = network.output(batch, false);

        network.fit(SeedCnnTest.randomBatch(8));

        assertThat(network.output(batch, false).sub(before).amaxNumber().doubleValue())
                .as("the network moved")
                .isGreaterThan(1e-6);
        assertThat(lean.output(batch).sub(before).amaxNumber().doubleValue()).isLessThan(TOLERANCE);
    }

    @Test
    void shouldGiveEachThreadTheSameAnswerAsOneThread() throws Exception {
        MultiLayerNetwork network = trained(CnnHyperparameters.SEED_JAFFE, 4);
        NetworkForward forward = NetworkForward.of(network);
        INDArray batch = Nd4j.rand(DataType.FLOAT, 16, 1, 48, 48);
        float[][] expected = network.output(batch, false).toFloatMatrix();

        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[][]>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(threads.submit(() -> forward.probabilities(batch)));
            }
            for (Future<float[][]> answer : answers) {
                float[][] got = answer.get();
                for (int row = 0; row < expected.length; row++) {
                    for (int k = 0; k < expected[row].length; k++) {
                        assertThat((double) got[row][k])
                                .isCloseTo(expected[row][k], org.assertj.core.data.Offset.offset(TOLERANCE));
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(forward.path()).isEqualTo("seed-forward");
    }

    @Test
    void shouldLeaveANetworkOfAnotherShapeToDl4j() {
        // given the seed's layers but a leaky ReLU in the first convolution (the lean path takes plain ReLU only)
        MultiLayerConfiguration configuration = SeedCnn.configuration(CnnHyperparameters.SEED_JAFFE, 1);
        ((ConvolutionLayer) configuration.getConf(0).getLayer()).setActivationFn(new ActivationLReLU(0.1));
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();

        // when a forward path is chosen
        NetworkForward forward = NetworkForward.of(network);

        // then it is DL4J's own, with DL4J's answers
        assertThat(SeedForward.of(network)).isEmpty();
        assertThat(forward.path()).isEqualTo("dl4j");
        INDArray batch = Nd4j.rand(DataType.FLOAT, 3, 1, 48, 48);
        assertThat(Nd4j.create(forward.probabilities(batch))
                        .sub(network.output(batch, false))
                        .amaxNumber()
                        .doubleValue())
                .isZero();
    }

    private static MultiLayerNetwork trained(CnnHyperparameters hp, long seed) {
        MultiLayerNetwork network = SeedCnn.build(hp, seed);
        DataSet batch = SeedCnnTest.randomBatch(seed);
        Nd4j.getRandom().setSeed(seed);
        for (int step = 0; step < 3; step++) {
            network.fit(batch);
        }
        return network;
    }
}
