package io.emotionstream.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.runtime.NativeRuntime;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The bridge in {@code org.nd4j.nativeblas.Nd4jCpu} must switch oneDNN on without changing what the network computes. */
class OneDnnBridgeTest {

    @AfterEach
    void restoreHelpers() {
        Nd4j.getEnvironment().allowHelpers(true);
    }

    @Test
    void shouldLoadTheOneDnnBuildOfTheNativeLibrary() {
        NativeRuntime.init();

        assertThat(Loader.getLoadedLibraries().values())
                .anySatisfy(
                        path -> assertThat(path).contains("linux-x86_64-onednn").contains("nd4jcpu"));
    }

    @Test
    void shouldHandConvolutionsToOneDnn() {
        assertThat(NativeRuntime.oneDnnEnabled()).isTrue();

        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 1);

        assertThat(((ConvolutionLayer) network.getLayer(0)).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
    }

    @Test
    void shouldComputeTheSameOutputsAndGradientsStepsWithAndWithoutOneDnn() {
        DataSet batch = SeedCnnTest.randomBatch(5);
        MultiLayerNetwork withHelpers = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 9);
        Nd4j.getEnvironment().allowHelpers(false);
        MultiLayerNetwork plain = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 9);
        assertThat(((ConvolutionLayer) plain.getLayer(0)).getHelper()).isNull();
        Nd4j.getEnvironment().allowHelpers(true);

        fitTwice(withHelpers, batch);
        fitTwice(plain, batch);
        INDArray a = withHelpers.output(batch.getFeatures());
        INDArray b = plain.output(batch.getFeatures());

        assertThat(a.sub(b).amaxNumber().doubleValue()).isLessThan(1e-4);
        assertThat(withHelpers.params().sub(plain.params()).amaxNumber().doubleValue())
                .isLessThan(1e-4);
    }

    /** Same dropout masks for both networks: reseed the global generator the masks are drawn from. */
    private static void fitTwice(MultiLayerNetwork network, DataSet batch) {
        Nd4j.getRandom().setSeed(123);
        network.fit(batch);
        network.fit(batch);
    }
}
