package io.emotionstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.Emotion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs against ../shared/datasets when it is there (research-only data, never committed); skips otherwise. */
class SharedDatasetsTest {
    private static final Path DATASETS =
            Path.of(System.getProperty("emotionstream.shared.dir", "../../shared"), "datasets");

    @Test
    void shouldLoadAllOfCkPlus48ButContempt() {
        Path root = DATASETS.resolve("CK+48");
        assumeTrue(Files.isDirectory(root), "CK+48 not available at " + root);

        Dataset ck = ClassFolderLoader.ckPlus(root, Map.of(), ImagePreprocessor.withDefaultLimits(), ClassSet.SIX);

        assertThat(ck.size()).isEqualTo(927);
        assertThat(ck.skipped()).isEmpty();
        assertThat(ck.classCounts()).containsEntry(Emotion.SURPRISE, 249).containsEntry(Emotion.FEAR, 75);
    }

    @Test
    void shouldLoadFerPlusTestImagesWithASixClassMajorityVote() {
        Path root = DATASETS.resolve("FERPlus/FER2013Test");
        assumeTrue(Files.isDirectory(root), "FER+ not available at " + root);

        Dataset test = DataSources.load(root.toString(), "auto", Map.of(), 1);

        // counted from label.csv by a script of its own: a unique top vote among the six emotions
        assertThat(test.name()).isEqualTo("ferplus-test");
        assertThat(test.size()).isEqualTo(2184);
        assertThat(test.skipped()).isEmpty();
        assertThat(test.classCounts())
                .containsEntry(Emotion.HAPPINESS, 908)
                .containsEntry(Emotion.DISGUST, 20)
                .containsEntry(Emotion.FEAR, 96)
                .containsEntry(Emotion.ANGER, 312);
    }

    @Test
    void shouldLoadAllOfJaffeButNeutralIncludingPaletteTiffs() {
        Path root = DATASETS.resolve("JAFFE");
        assumeTrue(Files.isDirectory(root), "JAFFE not available at " + root);

        Dataset jaffe = JaffeLoader.load(root, Map.of(), ImagePreprocessor.withDefaultLimits(), ClassSet.SIX);

        assertThat(jaffe.size()).isEqualTo(183);
        assertThat(jaffe.skipped()).isEmpty();
        assertThat(jaffe.samples().stream().map(Sample::subject).distinct()).hasSize(10);
        // palette TIFFs must decode to faces, not to palette indices: no image may be almost all black
        assertThat(jaffe.samples()).allSatisfy(s -> {
            double mean = 0;
            for (float p : s.pixels()) {
                mean += p / s.pixels().length;
            }
            assertThat(mean).as(s.id()).isBetween(0.15, 0.85);
        });
    }
}
