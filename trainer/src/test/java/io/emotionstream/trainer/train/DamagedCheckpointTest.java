package io.emotionstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A checkpoint is a file on disk anyone may have damaged, cut short or replaced: reading one is bounded (every entry's
 * size, the network's declared size) and refuses what does not fit with a reason, before allocating what it declares.
 */
class DamagedCheckpointTest {
    private static final String RUN = "run-1";

    @TempDir
    Path dir;

    private Path file;
    private MultiLayerNetwork network;

    @BeforeEach
    void saveOneEpoch() {
        // given the seed CNN after a step of training, checkpointed
        network = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 3);
        network.fit(new DataSet(
                Nd4j.rand(DataType.FLOAT, 4, 1, 48, 48),
                Nd4j.eye(6).getRows(0, 1, 2, 3).castTo(DataType.FLOAT)));
        AttemptProgress progress = new AttemptProgress(network.params().dup());
        progress.epoch = 1;
        progress.history.add(new EpochLog(0, 1, 4, 1.5, 0.25, 1.6, 3, 0.5));
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(dir);
        checkpoint.open(RUN);
        checkpoint.save(new TrainingCheckpoint.Snapshot(0, network, progress, new byte[] {1, 2, 3}, 7, 8));
        file = dir.resolve(TrainingCheckpoint.FILE);
    }

    @Test
    void shouldReadBackTheNetworkItsOptimiserAndItsStep() {
        TrainingCheckpoint.Snapshot back = new TrainingCheckpoint(dir).open(RUN).orElseThrow();

        assertThat(back.network().params().equalsWithEps(network.params(), 0)).isTrue();
        assertThat(back.network()
                        .getUpdater()
                        .getStateViewArray()
                        .equalsWithEps(network.getUpdater().getStateViewArray(), 0))
                .isTrue();
        assertThat(back.network().getIterationCount())
                .isEqualTo(network.getIterationCount())
                .isPositive();
        assertThat(back.batchState()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseAFileCutShort() throws IOException {
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        assertRefused("not a readable checkpoint");
    }

    @Test
    void shouldRefuseParametersThatDoNotFitTheConfiguration() throws IOException {
        Map<String, byte[]> entries = entries();
        entries.put("parameters.bin", Arrays.copyOf(entries.get("parameters.bin"), 1000));
        write(entries);

        assertRefused("configuration implies 609094 floats");
    }

    @Test
    void shouldRefuseANetworkDeclaringMoreParametersThanAnyWeTrain_beforeAllocatingThem() throws IOException {
        // given a configuration declaring a 100,000 x 100,000 dense layer (40 GB of floats) and a few bytes of
        // parameters
        MultiLayerConfiguration huge = new NeuralNetConfiguration.Builder()
                .list()
                .layer(new DenseLayer.Builder().nIn(100_000).nOut(100_000).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(100_000)
                        .nOut(6)
                        .build())
                .build();
        Map<String, byte[]> entries = entries();
        entries.put("network.json", huge.toJson().getBytes(StandardCharsets.UTF_8));
        write(entries);

        assertRefused("declares more than 100000000 parameters");
    }

    @Test
    void shouldRefuseAnEntryThatInflatesPastItsBound() throws IOException {
        // given a state entry of 17 MiB of zeros: a few kilobytes on disk
        Map<String, byte[]> entries = entries();
        entries.put("state.properties", new byte[17 * 1024 * 1024]);
        write(entries);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.getEntry("state.properties").getCompressedSize()).isLessThan(100 * 1024);
        }

        assertRefused("entry state.properties holds more than 16777216 bytes");
    }

    @Test
    void shouldRefuseUnknownAndMissingEntries() throws IOException {
        Map<String, byte[]> entries = entries();
        entries.put("payload.bin", new byte[] {1});
        write(entries);
        assertRefused("unknown entry payload.bin");

        entries.remove("payload.bin");
        entries.remove("optimiser.bin");
        write(entries);
        assertRefused("no optimiser.bin");
    }

    @Test
    void shouldRefuseAHistoryLongerThanAnyRun() throws IOException {
        Map<String, byte[]> entries = entries();
        String state = new String(entries.get("state.properties"), StandardCharsets.UTF_8)
                .replace("epoch=1", "epoch=2000000000");
        entries.put("state.properties", state.getBytes(StandardCharsets.UTF_8));
        write(entries);

        assertRefused("epoch 2000000000 is outside");
    }

    private void assertRefused(String reason) {
        assertThatThrownBy(() -> new TrainingCheckpoint(dir).open(RUN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(reason);
    }

    private Map<String, byte[]> entries() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file));
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private void write(Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }
}
