package io.emotionstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.Emotion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerPlusLoaderTest {
    // neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF
    private static final String LABELS = """
            fer0000001.png,"(0, 0, 48, 48)",1,8,1,0,0,0,0,0,0,0
            fer0000002.png,"(0, 0, 48, 48)",0,0,0,0,6,4,0,0,0,0
            fer0000003.png,"(0, 0, 48, 48)",0,0,0,0,4,4,2,0,0,0
            fer0000004.png,"(0, 0, 48, 48)",6,4,0,0,0,0,0,0,0,0
            fer0000005.png,"(0, 0, 48, 48)",0,0,0,0,0,0,0,7,3,0
            fer0000006.png,"(0, 0, 48, 48)",0,0,0,0,0,0,1,0,6,3
            fer0000007.png,"(0, 0, 48, 48)",0,0,0,0,0,0,0,0,0,10
            fer0000008.png,"(0, 0, 48, 48)",0,0,2,0,0,0,8,0,0,0
            """;

    @TempDir
    Path root;

    @Test
    void shouldLabelEachImageByItsMajorityVoteAndLeaveOutWhatIsNotOneOfTheSix() throws Exception {
        // given a FER+ split folder: eight images, their votes, and a stray file
        for (int i = 1; i <= 8; i++) {
            Files.write(
                    root.resolve(String.format("fer%07d.png", i)), TestImages.png(Population.A, Emotion.HAPPINESS, i));
        }
        Files.writeString(root.resolve("label.csv"), LABELS);
        Files.writeString(root.resolve("notes.txt"), "not an image");

        // when
        Dataset dataset = DataSources.load(root.toString(), "auto", Map.of(), 1);

        // then happiness, anger (6 of 10 beat disgust's 4) and fear; a tie, neutral, contempt, unknown and NF are out
        assertThat(dataset.samples())
                .extracting(Sample::id, Sample::label)
                .containsExactly(
                        tuple("fer0000001.png", Emotion.HAPPINESS),
                        tuple("fer0000002.png", Emotion.ANGER),
                        tuple("fer0000008.png", Emotion.FEAR));
        assertThat(dataset.samples())
                .extracting(Sample::subject)
                .containsExactly("fer0000001", "fer0000002", "fer0000008");
        assertThat(dataset.samples().get(0).groups()).containsEntry("dataset", "ferplus");
        assertThat(dataset.skipped()).isEmpty();
    }

    @Test
    void shouldKeepHowTheCrowdSplitItsVotesOverTheSix() throws Exception {
        // given the same eight images and votes
        for (int i = 1; i <= 8; i++) {
            Files.write(
                    root.resolve(String.format("fer%07d.png", i)), TestImages.png(Population.A, Emotion.HAPPINESS, i));
        }
        Files.writeString(root.resolve("label.csv"), LABELS);

        // when
        Dataset dataset = DataSources.load(root.toString(), "auto", Map.of(), 1);

        // then each kept image's shares are its votes among the six (neutral's vote on image 1 left out)
        assertThat(dataset.samples().get(0).shares().asMap())
                .containsEntry(Emotion.HAPPINESS, 8f / 9)
                .containsEntry(Emotion.SURPRISE, 1f / 9)
                .containsEntry(Emotion.ANGER, 0f);
        assertThat(dataset.samples().get(1).shares().asMap())
                .containsEntry(Emotion.ANGER, 0.6f)
                .containsEntry(Emotion.DISGUST, 0.4f);
        assertThat(dataset.samples().get(2).shares().asMap())
                .containsEntry(Emotion.FEAR, 0.8f)
                .containsEntry(Emotion.SURPRISE, 0.2f);
    }

    @Test
    void shouldKeepNeutralMajoritiesAndNeutralVotesForSevenClasses() throws Exception {
        // given the same eight images and votes
        for (int i = 1; i <= 8; i++) {
            Files.write(
                    root.resolve(String.format("fer%07d.png", i)), TestImages.png(Population.A, Emotion.HAPPINESS, i));
        }
        Files.writeString(root.resolve("label.csv"), LABELS);

        // when loaded with neutral as a class
        Dataset dataset = DataSources.load(
                root.toString(), "auto", Map.of(), 1, Preprocessing.seed(FaceLocation.NONE), ClassSet.SEVEN);

        // then image 4 (6 neutral, 4 happiness) is neutral, and image 1's neutral vote has its share
        assertThat(dataset.samples())
                .extracting(Sample::id, Sample::label)
                .containsExactly(
                        tuple("fer0000001.png", Emotion.HAPPINESS),
                        tuple("fer0000002.png", Emotion.ANGER),
                        tuple("fer0000004.png", Emotion.NEUTRAL),
                        tuple("fer0000008.png", Emotion.FEAR));
        assertThat(dataset.samples().get(0).shares().asMap())
                .containsEntry(Emotion.HAPPINESS, 0.8f)
                .containsEntry(Emotion.NEUTRAL, 0.1f);
    }

    @Test
    void shouldNameTheOfficialSplitsAndSkipAListedImageThatIsMissing() throws Exception {
        Path test = Files.createDirectories(root.resolve("FER2013Test"));
        Files.write(test.resolve("fer0000001.png"), TestImages.png(Population.B, Emotion.SURPRISE, 3));
        Files.writeString(test.resolve("label.csv"), """
                fer0000001.png,"(0, 0, 48, 48)",0,0,9,0,0,0,1,0,0,0
                fer0000002.png,"(0, 0, 48, 48)",0,0,9,0,0,0,1,0,0,0
                """);

        Dataset dataset = DataSources.load(test.toString(), "auto", Map.of(), 1);

        assertThat(dataset.name()).isEqualTo("ferplus-test");
        assertThat(dataset.size()).isEqualTo(1);
        assertThat(dataset.skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo("fer0000002.png"));
    }

    @Test
    void shouldRefuseALabelFileThatIsNotFerPlus() throws Exception {
        Files.writeString(root.resolve("label.csv"), "../../etc/passwd.png,\"(0, 0, 48, 48)\",0,10,0,0,0,0,0,0,0,0\n");
        assertThatThrownBy(() -> FerPlusLoader.load(
                        root, "ferplus", Map.of(), ImagePreprocessor.withDefaultLimits(), ClassSet.SIX))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("is not a PNG file name in this folder");

        Files.writeString(root.resolve("label.csv"), "fer0000001.png,\"(0, 0, 48, 48)\",0,10,0\n");
        assertThatThrownBy(() -> FerPlusLoader.load(
                        root, "ferplus", Map.of(), ImagePreprocessor.withDefaultLimits(), ClassSet.SIX))
                .isInstanceOf(DatasetException.class)
                .hasMessage("label.csv line 1: 3 votes, expected 10");
    }
}
