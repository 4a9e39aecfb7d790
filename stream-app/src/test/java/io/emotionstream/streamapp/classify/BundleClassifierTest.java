package io.emotionstream.streamapp.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleClassifierTest {
    @TempDir
    Path registry;

    @Test
    void shouldGiveConcurrentCallersTheSameAnswersAsOneCaller() throws Exception {
        // given a published bundle and a few distinct batches, classified on one thread
        var bundle = new ModelRegistry(registry)
                .publish(
                        SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 3),
                        UntrainedManifest.draft("replicas", CnnHyperparameters.SEED_CKPLUS, 3));
        BundleClassifier classifier = BundleClassifier.load(bundle);
        List<float[][]> batches = randomBatches(4, 5);
        List<float[][]> expected = batches.stream().map(classifier::classify).toList();

        // when four threads classify them at the same time, many times over
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Boolean> sameAnswers = () -> {
                for (int round = 0; round < 20; round++) {
                    for (int b = 0; b < batches.size(); b++) {
                        if (!Arrays.deepEquals(classifier.classify(batches.get(b)), expected.get(b))) {
                            return false;
                        }
                    }
                }
                return true;
            };
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(sameAnswers));
            }

            // then every thread saw exactly the single-threaded probabilities
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.get(0)).hasDimensions(5, 6);
        assertThat(expected.get(0)[0]).isNotEqualTo(expected.get(1)[0]);
    }

    private static List<float[][]> randomBatches(int count, int size) {
        Random random = new Random(1);
        List<float[][]> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[][] batch = new float[size][48 * 48];
            for (float[] image : batch) {
                for (int i = 0; i < image.length; i++) {
                    image[i] = random.nextFloat();
                }
            }
            batches.add(batch);
        }
        return batches;
    }
}
