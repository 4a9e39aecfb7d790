package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.Optimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The fast pooling layers must compute exactly what DL4J's do, in training too, and save as DL4J networks. */
class SeedNetworkTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldComputeTheSameOutputsAndTrainingStepsAsAPlainDl4jNetwork(Activation activation) {
        // given the same configuration as a plain DL4J network and on the fast path
        CnnHyperparameters hp = new CnnHyperparameters(
                activation, 0.3, activation, 0.3, Activation.SIGMOID, 0.1, Optimizer.ADAM, 0.005);
        MultiLayerNetwork plain = new MultiLayerNetwork(SeedCnn.configuration(hp, 5));
        plain.init();
        MultiLayerNetwork fast = SeedCnn.build(hp, 5);
        DataSet batch = SeedCnnTest.randomBatch(17);

        // when both take three training steps with the same dropout masks
        fitThreeTimes(plain, batch, 99);
        fitThreeTimes(fast, batch, 99);

        // then parameters and outputs agree (to the bit, as measured; the bound leaves room for rounding)
        assertThat(fast.getLayer(1)).isInstanceOf(FastMaxPoolingLayer.class);
        assertThat(plain.getLayer(1)).isNotInstanceOf(FastMaxPoolingLayer.class);
        assertThat(fast.params().sub(plain.params()).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(fast.output(batch.getFeatures())
                        .sub(plain.output(batch.getFeatures()))
                        .amaxNumber()
                        .doubleValue())
                .isLessThan(1e-6);
    }

    @Test
    void shouldStayOnTheFastPathWhenCloned_orBuiltFromALoadedNetwork() {
        MultiLayerNetwork fast = SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 2);

        MultiLayerNetwork clone = fast.clone();
        MultiLayerNetwork plain =
                new MultiLayerNetwork(fast.getLayerWiseConfigurations().clone());
        plain.init(fast.params().dup(), false);
        MultiLayerNetwork converted = SeedNetwork.of(plain);

        for (MultiLayerNetwork network : new MultiLayerNetwork[] {clone, converted}) {
            assertThat(network.getLayer(1)).isInstanceOf(FastMaxPoolingLayer.class);
            assertThat(network.getLayer("pool2")).isSameAs(network.getLayer(4)).isInstanceOf(FastMaxPoolingLayer.class);
            assertThat(network.params()).isEqualTo(fast.params());
        }
    }

    @Test
    void shouldSaveAnOrdinaryDl4jNetworkFile() throws Exception {
        // given a trained network on the fast path
        MultiLayerNetwork fast = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 4);
        DataSet batch = SeedCnnTest.randomBatch(3);
        fitThreeTimes(fast, batch, 1);

        // when saved with DL4J's serializer and read back by DL4J alone
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, file, false);
        MultiLayerNetwork restored =
                ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(file.toByteArray()), false);

        // then it is DL4J's own network with the same outputs; no class of ours is named in the configuration
        assertThat(restored.getClass()).isEqualTo(MultiLayerNetwork.class);
        assertThat(restored.getLayerWiseConfigurations().toJson()).doesNotContain("io.emotionstream");
        assertThat(new String(file.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("FastMaxPooling");
        assertThat(restored.output(batch.getFeatures())
                        .sub(fast.output(batch.getFeatures()))
                        .amaxNumber()
                        .doubleValue())
                .isLessThan(1e-6);
    }

    @Test
    void shouldLeavePoolsTheKernelDoesNotComputeOnDl4jsPath() {
        // given overlapping (stride 1) max pooling and average pooling
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3)
                        .nOut(4)
                        .convolutionMode(ConvolutionMode.Same)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(1, 1)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(6)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build();

        // when built as a seed network
        SeedNetwork network = new SeedNetwork(configuration);
        network.init();

        // then neither pool is replaced, and the network still runs
        assertThat(network.getLayer(1)).isNotInstanceOf(FastMaxPoolingLayer.class);
        assertThat(network.getLayer(2)).isNotInstanceOf(FastMaxPoolingLayer.class);
        INDArray out = network.output(Nd4j.rand(DataType.FLOAT, 2, 1, 8, 8));
        assertThat(out.shape()).containsExactly(2, 6);
    }

    private static void fitThreeTimes(MultiLayerNetwork network, DataSet batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (int step = 0; step < 3; step++) {
            network.fit(batch);
        }
    }
}
