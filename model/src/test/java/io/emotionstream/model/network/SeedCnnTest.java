package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.Optimizer;
import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class SeedCnnTest {

    @Test
    void shouldHaveExactlyTheSeedNotebooksParameterCounts() {
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 1);

        assertThat(network.numParams()).isEqualTo(609_094L).isEqualTo(SeedCnn.PARAMETERS);
        assertThat(network.getLayer(0).numParams()).as("conv1").isEqualTo(320);
        assertThat(network.getLayer(1).numParams()).as("pool1").isZero();
        assertThat(network.getLayer(2).numParams()).as("dropout1").isZero();
        assertThat(network.getLayer(3).numParams()).as("conv2").isEqualTo(18_496);
        assertThat(network.getLayer(4).numParams()).as("pool2").isZero();
        assertThat(network.getLayer(5).numParams()).as("dropout2").isZero();
        assertThat(network.getLayer(6).numParams())
                .as("dense 64 on 9216 flattened")
                .isEqualTo(589_888);
        assertThat(network.getLayer(7).numParams()).as("dropout3").isZero();
        assertThat(network.getLayer(8).numParams()).as("output").isEqualTo(390);
    }

    @Test
    void shouldInitialiseKernelsGlorotUniformAndBiasesToZero() {
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 7);

        INDArray denseWeights = network.getLayer(6).getParam("W");
        double glorotLimit = Math.sqrt(6.0 / (9216 + 64));
        assertThat(denseWeights.maxNumber().doubleValue())
                .isLessThanOrEqualTo(glorotLimit)
                .isGreaterThan(0.9 * glorotLimit);
        assertThat(denseWeights.minNumber().doubleValue())
                .isGreaterThanOrEqualTo(-glorotLimit)
                .isLessThan(-0.9 * glorotLimit);
        assertThat(network.getLayer(6).getParam("b").sumNumber().doubleValue()).isZero();
    }

    @Test
    void shouldProduceSoftmaxProbabilitiesOverTheSixEmotions() {
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 3);

        INDArray out = network.output(Nd4j.rand(new int[] {4, 1, 48, 48}));

        assertThat(out.shape()).containsExactly(4, Emotion.SIX_COUNT);
        assertThat(out.sum(1).toDoubleVector()).containsOnly(new double[] {1.0, 1.0, 1.0, 1.0}, Offset.offset(1e-5));
    }

    @Test
    void shouldTrainDeterministicallyForAGivenSeed() {
        DataSet batch = randomBatch(11);

        MultiLayerNetwork first = trainThreeSteps(batch, 42);
        MultiLayerNetwork second = trainThreeSteps(batch, 42);
        MultiLayerNetwork otherSeed = trainThreeSteps(batch, 43);

        assertThat(maxAbsDifference(first, second)).as("same seed").isZero();
        assertThat(maxAbsDifference(first, otherSeed)).as("other seed").isGreaterThan(1e-3);
    }

    @Test
    void shouldRejectDropRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> new CnnHyperparameters(
                        Activation.RELU, 1.0, Activation.RELU, 0.2, Activation.RELU, 0.2, Optimizer.SGD, 0.01))
                .hasMessageContaining("dropout1");
    }

    /** Dropout masks come from ND4J's global generator, so a run reseeds it, as the trainer does. */
    private static MultiLayerNetwork trainThreeSteps(DataSet batch, long seed) {
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, seed);
        Nd4j.getRandom().setSeed(seed);
        for (int step = 0; step < 3; step++) {
            network.fit(batch);
        }
        return network;
    }

    private static double maxAbsDifference(MultiLayerNetwork a, MultiLayerNetwork b) {
        return a.params().sub(b.params()).amaxNumber().doubleValue();
    }

    static DataSet randomBatch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(new int[] {8, 1, 48, 48});
        INDArray labels = Nd4j.zeros(8, Emotion.SIX_COUNT);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % Emotion.SIX_COUNT, 1.0);
        }
        return new DataSet(features, labels);
    }
}
