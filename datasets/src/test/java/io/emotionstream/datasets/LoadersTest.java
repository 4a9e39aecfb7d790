package io.emotionstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.Emotion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {
    private final ImagePreprocessor preprocessor = ImagePreprocessor.withDefaultLimits();

    @TempDir
    Path dir;

    @Test
    void shouldLoadCkPlusDroppingContemptAndTakingSubjectsFromFileNames() throws Exception {
        Path root = TestImages.ckPlusLayout(dir.resolve("CK+48"), 3, 2);

        Dataset ck = ClassFolderLoader.ckPlus(root, Map.of(), preprocessor, ClassSet.SIX);

        assertThat(ck.name()).isEqualTo("ckplus");
        assertThat(ck.size()).isEqualTo(6 * 3 * 2);
        assertThat(ck.classCounts()).containsEntry(Emotion.HAPPINESS, 6);
        assertThat(ck.samples()).extracting(Sample::subject).containsOnly("S001", "S002", "S003");
        assertThat(ck.samples()).noneMatch(s -> s.id().startsWith("contempt/"));
        assertThat(ck.samples().get(0).groups())
                .containsEntry("dataset", "ckplus")
                .containsKey("ethnicity");
    }

    @Test
    void shouldLoadJaffeDroppingNeutralAndReadingPosersAndCodes() throws Exception {
        Path root = TestImages.jaffeLayout(dir.resolve("JAFFE"), new String[] {"KA", "YM"}, 2);
        Files.writeString(root.resolve("README.txt"), "not an image");

        Dataset jaffe = JaffeLoader.load(root, Map.of(), preprocessor, ClassSet.SIX);

        assertThat(jaffe.size()).isEqualTo(2 * 6 * 2);
        assertThat(jaffe.samples()).extracting(Sample::subject).containsOnly("KA", "YM");
        assertThat(jaffe.samples()).noneMatch(s -> s.id().contains(".NE"));
        assertThat(jaffe.samples().stream()
                        .filter(s -> s.id().startsWith("KA.SU"))
                        .map(Sample::label))
                .containsOnly(Emotion.SURPRISE);
        assertThat(jaffe.samples().get(0).groups())
                .containsEntry("ethnicity", "east_asian")
                .containsEntry("gender", "female");
    }

    @Test
    void shouldKeepJaffesNeutralFacesAsASeventhClassWhenAsked() throws Exception {
        Path root = TestImages.jaffeLayout(dir.resolve("JAFFE"), new String[] {"KA", "YM"}, 2);

        Dataset jaffe = JaffeLoader.load(root, Map.of(), preprocessor, ClassSet.SEVEN);

        assertThat(jaffe.size()).isEqualTo(2 * 7 * 2);
        assertThat(jaffe.classCounts()).containsEntry(Emotion.NEUTRAL, 4);
        assertThat(jaffe.samples().stream().filter(s -> s.id().contains(".NE")).map(Sample::label))
                .containsOnly(Emotion.NEUTRAL);
    }

    @Test
    void shouldLetUsersOverrideDefaultGroups() throws Exception {
        Path root = TestImages.jaffeLayout(dir.resolve("JAFFE"), new String[] {"KA"}, 1);

        Dataset jaffe = JaffeLoader.load(
                root, Map.of("ethnicity", "japanese", "age_band", "20-29"), preprocessor, ClassSet.SIX);

        assertThat(jaffe.samples().get(0).groups())
                .containsEntry("ethnicity", "japanese")
                .containsEntry("age_band", "20-29")
                .containsEntry("dataset", "jaffe");
    }

    @Test
    void shouldSkipAndListCorruptImagesWithTheirReason() throws Exception {
        Path root = TestImages.ckPlusLayout(dir.resolve("ck"), 2, 1);
        Files.write(root.resolve("happy/S009_001_00000001.png"), "garbage".getBytes());
        byte[] good = Files.readAllBytes(root.resolve("fear/S001_001_00000010.png"));
        Files.write(root.resolve("fear/S009_001_00000002.png"), Arrays.copyOf(good, good.length / 3));

        Dataset ck = ClassFolderLoader.ckPlus(root, Map.of(), preprocessor, ClassSet.SIX);

        assertThat(ck.size()).isEqualTo(12);
        assertThat(ck.skipped())
                .extracting(SkippedImage::id)
                .containsExactlyInAnyOrder("happy/S009_001_00000001.png", "fear/S009_001_00000002.png");
        assertThat(ck.skipped())
                .extracting(SkippedImage::reason)
                .anySatisfy(r -> assertThat(r).startsWith("unrecognized_format"))
                .anySatisfy(r -> assertThat(r).startsWith("truncated"));
    }

    @Test
    void shouldRefuseAnUnknownLabelFolder() throws Exception {
        Path root = TestImages.ckPlusLayout(dir.resolve("ck"), 1, 1);
        Files.createDirectories(root.resolve("bored"));

        assertThatThrownBy(() -> ClassFolderLoader.generic(root, "mine", Map.of(), preprocessor, ClassSet.SIX))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("unknown label 'bored'");
    }

    @Test
    void shouldRefuseAnEmptyClassFolder() throws Exception {
        Path root = TestImages.ckPlusLayout(dir.resolve("ck"), 1, 1);
        try (var files = Files.list(root.resolve("sadness"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }

        assertThatThrownBy(() -> ClassFolderLoader.ckPlus(root, Map.of(), preprocessor, ClassSet.SIX))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("sadness")
                .hasMessageContaining("no usable images");
    }

    @Test
    void shouldRefuseAMissingOrEmptyRoot() throws Exception {
        assertThatThrownBy(() -> DataSources.load(dir.resolve("nope").toString(), "auto", Map.of(), 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> DataSources.load(empty.toString(), "auto", Map.of(), 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("no class folders");
    }

    @Test
    void shouldLoadACsvIndexWithSubjectsAndGroupColumns() throws Exception {
        Files.createDirectories(dir.resolve("img"));
        StringBuilder csv = new StringBuilder("path,label,subject,ethnicity,gender\n");
        int i = 0;
        for (String label : new String[] {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"}) {
            Path file = dir.resolve("img/" + i + ".jpg");
            Emotion e = Emotion.fromAlias(label).orElse(Emotion.HAPPINESS);
            Files.write(file, TestImages.reencode(TestImages.png(Population.A, e, i), "jpeg"));
            csv.append("img/")
                    .append(i)
                    .append(".jpg,")
                    .append(label)
                    .append(",p")
                    .append(i % 2)
                    .append(",\"group, with comma\",")
                    .append(i % 2 == 0 ? "female" : "male")
                    .append('\n');
            i++;
        }
        Files.writeString(dir.resolve("index.csv"), csv);

        Dataset mine = DataSources.load(dir.resolve("index.csv").toString(), "auto", Map.of(), 1);

        assertThat(mine.name()).isEqualTo("index");
        assertThat(mine.size()).as("neutral dropped").isEqualTo(6);
        assertThat(mine.samples()).extracting(Sample::subject).containsOnly("p0", "p1");
        assertThat(mine.samples().get(0).groups())
                .containsEntry("ethnicity", "group, with comma")
                .containsEntry("gender", "female")
                .containsEntry("dataset", "index");
        assertThat(mine.samples()).extracting(Sample::label).contains(Emotion.ANGER, Emotion.SADNESS);
    }

    @Test
    void shouldReadACsvWithAByteOrderMarkAndLineBreaksInsideQuotedFields() throws Exception {
        // given a spreadsheet's export: a UTF-8 byte-order mark, CRLF line ends, a quoted group value over two lines
        Files.createDirectories(dir.resolve("img"));
        Files.write(dir.resolve("img/0.png"), TestImages.png(Population.A, Emotion.HAPPINESS, 0));
        Files.write(dir.resolve("img/1.png"), TestImages.png(Population.B, Emotion.SADNESS, 1));
        Files.writeString(
                dir.resolve("export.csv"),
                "\uFEFFpath,label,subject,site\r\n"
                        + "img/0.png,happy,p0,\"north\r\nwing\"\r\n"
                        + "img/1.png,sad,p1,\"say \"\"south\"\"\"\r\n");

        // when it is loaded
        Dataset mine = DataSources.load(dir.resolve("export.csv").toString(), "auto", Map.of(), 1);

        // then the first column is "path", not "\uFEFFpath", and both records are whole
        assertThat(mine.samples()).extracting(Sample::subject).containsExactly("p0", "p1");
        assertThat(mine.samples().get(0).groups()).containsEntry("site", "north\r\nwing");
        assertThat(mine.samples().get(1).groups()).containsEntry("site", "say \"south\"");
    }

    @Test
    void shouldRefuseACsvWithoutPathAndLabelColumns() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "file,emotion\na.png,happy\n");

        assertThatThrownBy(() -> DataSources.load(dir.resolve("bad.csv").toString(), "auto", Map.of(), 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("'path' and 'label'");
    }

    @Test
    void shouldDetectLayoutsAutomatically() throws Exception {
        assertThat(DataSources.detect(TestImages.ckPlusLayout(dir.resolve("CK+48"), 1, 1)))
                .isEqualTo("ckplus");
        assertThat(DataSources.detect(TestImages.jaffeLayout(dir.resolve("JAFFE"), new String[] {"KA"}, 1)))
                .isEqualTo("jaffe");
        Path generic = dir.resolve("faces");
        Files.createDirectories(generic.resolve("happy"));
        assertThat(DataSources.detect(generic)).isEqualTo("folders");
    }

    @Test
    void shouldFingerprintContentNotListingOrder() throws Exception {
        Path root = TestImages.ckPlusLayout(dir.resolve("ck"), 1, 1);
        String before = ClassFolderLoader.ckPlus(root, Map.of(), preprocessor, ClassSet.SIX)
                .fingerprint();
        Files.write(root.resolve("fear/S001_001_00000010.png"), TestImages.png(Population.B, Emotion.FEAR, 77));

        assertThat(ClassFolderLoader.ckPlus(root, Map.of(), preprocessor, ClassSet.SIX)
                        .fingerprint())
                .isNotEqualTo(before);
    }
}
