package io.emotionstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.datasets.TestImages;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.preprocess.face.TestFaces;
import io.emotionstream.schemas.model.ModelCalibration;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCliTest {
    @TempDir
    Path dir;

    private final TrainerRun trainer = new TrainerRun();

    @Test
    void shouldTrainAndPublishANewVersionEachTime() throws Exception {
        Path registry = dir.resolve("models");
        Path report = dir.resolve("train.json");

        int first = trainer.run(
                "train",
                "--data",
                "synthetic:a:4:2",
                "--epochs",
                "2",
                "--registry",
                registry.toString(),
                "--report",
                report.toString());
        int second =
                trainer.run("train", "--data", "synthetic:a:4:2", "--epochs", "1", "--registry", registry.toString());

        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(new ModelRegistry(registry).versions("synthetic-a-cnn")).containsExactly(1, 2);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/test/accuracy").isNumber()).isTrue();
        assertThat(json.at("/test/n").asInt()).isPositive();
        assertThat(json.at("/published/version").asInt()).isEqualTo(1);
        assertThat(json.at("/split/mode").asText()).isEqualTo("random");
        // and the model is published with a temperature fitted on its validation split, which lowers that split's loss
        ModelCalibration calibration = new ModelRegistry(registry)
                .resolve("synthetic-a-cnn:1")
                .manifest()
                .getCalibration();
        assertThat(calibration).isNotNull();
        assertThat(calibration.getTemperature()).isBetween(0.05, 20.0);
        assertThat(calibration.getValidationLossAfter())
                .isLessThanOrEqualTo(calibration.getValidationLossBefore() + 1e-9);
        assertThat(calibration.getReferenceMix()).hasSize(6);
        // (Avro 1.12's JSON decoder reads the items of a double array at float precision: the shares sum to 1 within
        // 1e-6)
        assertThat(calibration.getReferenceMix().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(1.0, within(1e-6));
        assertThat(json.at("/calibration/temperature").asDouble())
                .isCloseTo(calibration.getTemperature(), within(1e-4));
        // and the test set's calibration error is given per group: one population here, so its group's is the whole's
        JsonNode group = json.at("/calibration/test_ece_by_group/population/a");
        assertThat(group.at("/n").asInt()).isEqualTo(json.at("/test/n").asInt());
        assertThat(group.at("/ece/0").asDouble())
                .isEqualTo(json.at("/calibration/test_ece/0").asDouble());
        assertThat(group.at("/ece/1").asDouble())
                .isEqualTo(json.at("/calibration/test_ece/1").asDouble());
    }

    @Test
    void shouldRecordTheFaceLocationInTheManifestAndEvaluateWithTheModelsOwn() throws Exception {
        // given class folders of 320x240 frames, each with a face somewhere
        Path frames = dir.resolve("frames");
        Random random = new Random(5);
        for (String label : new String[] {"anger", "disgust", "fear", "happy", "sadness", "surprise"}) {
            for (int i = 0; i < 4; i++) {
                BufferedImage frame = TestFaces.frame(320, 240, 70, i);
                double size = 50 + random.nextInt(40);
                TestFaces.draw(
                        frame,
                        new TestFaces.Placement(
                                size + random.nextInt((int) (320 - 2 * size)),
                                size + random.nextInt((int) (240 - 2 * size)),
                                size,
                                0));
                Files.createDirectories(frames.resolve(label));
                ImageIO.write(
                        frame, "png", frames.resolve(label).resolve(i + ".png").toFile());
            }
        }
        Path registry = dir.resolve("models");

        // when
        int trained = trainer.run(
                "train",
                "--data",
                frames.toString(),
                "--face",
                "detect",
                "--epochs",
                "1",
                "--registry",
                registry.toString(),
                "--name",
                "framed");
        int mismatched = trainer.run(
                "evaluate",
                "--model",
                "framed:1",
                "--registry",
                registry.toString(),
                "--data",
                frames.toString(),
                "--face",
                "none");
        int evaluated = trainer.run(
                "evaluate", "--model", "framed:1", "--registry", registry.toString(), "--data", frames.toString());

        // then
        assertThat(trained).isZero();
        assertThat(new ModelRegistry(registry)
                        .resolve("framed:1")
                        .manifest()
                        .getPreprocessing()
                        .getFaceLocation())
                .isEqualTo("detect");
        assertThat(mismatched).isEqualTo(2);
        assertThat(trainer.err()).contains("framed:1 was trained with --face detect");
        assertThat(evaluated).isZero();
    }

    @Test
    void shouldEvaluateAPublishedModelOnAnotherPopulation() throws Exception {
        Path registry = dir.resolve("models");
        trainer.run(
                "train",
                "--data",
                "synthetic:a:4:2",
                "--epochs",
                "1",
                "--registry",
                registry.toString(),
                "--name",
                "pop-a");
        Path report = dir.resolve("eval.json");

        int code = trainer.run(
                "evaluate",
                "--model",
                "pop-a:1",
                "--registry",
                registry.toString(),
                "--data",
                "synthetic:b:3:1",
                "--report",
                report.toString());

        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/model").asText()).isEqualTo("pop-a:1");
        assertThat(json.at("/synthetic-b/n").asInt()).isEqualTo(18);
        assertThat(json.at("/synthetic-b/per_group/population/b/n").asInt()).isEqualTo(18);
    }

    @Test
    void shouldFailWithOneLineAndExitTwoOnAMissingDataRoot() {
        int code = trainer.run("train", "--data", dir.resolve("missing").toString(), "--no-publish");

        assertThat(code).isEqualTo(2);
        assertThat(trainer.err().trim())
                .doesNotContain("\n")
                .startsWith("emotion-stream trainer: error: data root")
                .endsWith("does not exist");
    }

    @Test
    void shouldFailWithOneLineOnAnUnknownLabel() throws Exception {
        Path root = TestImages.ckPlusLayout(dir.resolve("faces"), 1, 1);
        Files.createDirectories(root.resolve("bored"));

        int code = trainer.run("train", "--data", root.toString(), "--format", "folders", "--no-publish");

        assertThat(code).isEqualTo(2);
        assertThat(trainer.err().trim()).doesNotContain("\n").contains("unknown label 'bored'");
    }

    @Test
    void shouldRefuseAnEvaluationOfAModelThatDoesNotExist() {
        int code =
                trainer.run("evaluate", "--model", "ghost", "--registry", dir.toString(), "--data", "synthetic:a:2:1");

        assertThat(code).isEqualTo(2);
        assertThat(trainer.err()).contains("not_found");
    }

    @Test
    void shouldReproduceTheSeedTableOnADataRootWithBothSplits() throws Exception {
        // given a data root laid out like ../shared/datasets, filled with synthetic faces
        TestImages.ckPlusLayout(dir.resolve("data/CK+48"), 6, 2);
        TestImages.jaffeLayout(dir.resolve("data/JAFFE"), new String[] {"KA", "KL", "KM", "YM"}, 2);
        Path report = dir.resolve("out/report.json");
        Path markdown = dir.resolve("out/table.md");
        Files.createDirectories(markdown.getParent());

        int code = trainer.run(
                "reproduce",
                "--data",
                dir.resolve("data").toString(),
                "--epochs",
                "1",
                "--restarts",
                "0",
                "--report",
                report.toString(),
                "--markdown",
                markdown.toString());

        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        for (String prefix : new String[] {"", "/subject_split"}) {
            for (String key : new String[] {
                "/ckplus/test/accuracy",
                "/ckplus/test/loss",
                "/ckplus/train/accuracy",
                "/jaffe/test/accuracy",
                "/jaffe/test/loss",
                "/jaffe/train/accuracy",
                "/cross/ckplus_on_jaffe/accuracy",
                "/cross/jaffe_on_ckplus/accuracy",
                "/split",
                "/epoch_seconds_median"
            }) {
                assertThat(json.at(prefix + key).isMissingNode())
                        .as(prefix + key)
                        .isFalse();
            }
        }
        assertThat(json.at("/split").asText()).isEqualTo("random");
        assertThat(json.at("/subject_split/split").asText()).isEqualTo("subject");
        assertThat(json.at("/ckplus/test/n").asInt()).isEqualTo(15); // 72 images, 20%
        assertThat(json.at("/jaffe/test/n").asInt()).isEqualTo(16); // 48 images (neutral dropped), 1/3
        assertThat(json.at("/cross/ckplus_on_jaffe/n").asInt()).isEqualTo(48);
        assertThat(json.at("/union/test/per_group/dataset/jaffe/n").asInt()).isEqualTo(16);
        assertThat(json.at("/skipped/count").asInt()).isZero();
        assertThat(Files.readString(markdown))
                .contains("ckplus test accuracy")
                .contains("0.984")
                .contains("subject split");
    }

    @Test
    void shouldRunASmallSearch() {
        int code = trainer.run("search", "--data", "synthetic:a:4:2", "--trials", "2", "--epochs", "1");

        assertThat(code).isZero();
    }

    @Test
    void shouldScoreASearchOnHeldOutPeopleWhenTheObjectiveIsAProtocol() throws Exception {
        // given a population of 4 subjects
        Path report = dir.resolve("search.json");

        // when the search is scored on subject 2-folds
        int code = trainer.run(
                "search",
                "--data",
                "synthetic:a:4:2",
                "--trials",
                "2",
                "--epochs",
                "1",
                "--objective",
                "subject-folds",
                "--folds",
                "2",
                "--report",
                report.toString());

        // then each trial is scored on the folds' held-out people and the report says so
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("objective").asText()).isEqualTo("held-out accuracy (synthetic-a subject 2-fold)");
        assertThat(json.get("trials")).hasSize(2);
        assertThat(json.at("/trials/0/score").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldRefuseACrossDatasetObjectiveWithOneDataset() {
        int code = trainer.run(
                "search",
                "--data",
                "synthetic:a:4:2",
                "--trials",
                "1",
                "--epochs",
                "1",
                "--objective",
                "leave-one-dataset-out");

        assertThat(code).isEqualTo(2);
    }

    @Test
    void shouldRunEveryProtocolOnTwoPopulationsAndReportEachHeldOutImageOnce() throws Exception {
        // given two synthetic populations of 4 subjects, 2 poses per emotion each (48 images)
        Path report = dir.resolve("protocols.json");

        // when every protocol runs with 2 folds
        int code = trainer.run(
                "protocols",
                "--data",
                "synthetic:a:4:2",
                "--data",
                "synthetic:b:4:2",
                "--folds",
                "2",
                "--epochs",
                "1",
                "--report",
                report.toString());

        // then: subject folds per dataset, leave-one-dataset-out both ways, and the union's folds
        assertThat(code).as(trainer.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/protocols")).hasSize(5);
        assertThat(json.at("/protocols/0/name").asText()).isEqualTo("synthetic-a subject 2-fold");
        assertThat(json.at("/protocols/2/name").asText()).isEqualTo("synthetic-b -> all of synthetic-a");
        assertThat(json.at("/protocols/4/protocol").asText()).isEqualTo("union-folds");
        for (JsonNode protocol : json.at("/protocols")) {
            int expected = protocol.at("/protocol").asText().equals("union-folds") ? 96 : 48;
            assertThat(protocol.at("/accuracy/images").asInt())
                    .as(protocol.at("/name").asText())
                    .isEqualTo(expected);
            double estimate = protocol.at("/accuracy/estimate").asDouble();
            assertThat(protocol.at("/accuracy/low").asDouble()).isLessThanOrEqualTo(estimate);
            assertThat(protocol.at("/accuracy/high").asDouble()).isGreaterThanOrEqualTo(estimate);
        }
        assertThat(json.at("/protocols/4/groups/population").size()).isEqualTo(2);
        assertThat(json.at("/protocols/4/gaps/population").isNumber()).isTrue();
    }

    @Test
    void shouldRecordTheTrainingRecipeInTheManifest() throws Exception {
        // given a training with augmentation, class balance, label smoothing and mixup
        Path registry = dir.resolve("models");

        // when
        int code = trainer.run(
                "train",
                "--data",
                "synthetic:a:4:2",
                "--epochs",
                "1",
                "--registry",
                registry.toString(),
                "--augment",
                "standard",
                "--balance",
                "class",
                "--label-smoothing",
                "0.1",
                "--mixup",
                "0.2");

        // then the version says how it was trained
        assertThat(code).as(trainer.err()).isZero();
        var recipe = new ModelRegistry(registry)
                .resolve("synthetic-a-cnn:1")
                .manifest()
                .getRecipe();
        assertThat(recipe.getAugmentation()).isEqualTo("standard");
        assertThat(recipe.getBalance()).isEqualTo("class");
        assertThat(recipe.getLabelSmoothing()).isEqualTo(0.1);
        assertThat(recipe.getMixup()).isEqualTo(0.2);
    }

    @Test
    void shouldCompareTwoRecipesOnTheSameHeldOutPeople() throws Exception {
        // given the same protocol run without and with augmentation (same seed: same folds, same images)
        Path without = dir.resolve("without.json");
        Path with = dir.resolve("with.json");
        assertThat(trainer.run(
                        "protocols",
                        "--data",
                        "synthetic:a:4:2",
                        "--protocol",
                        "subject-folds",
                        "--folds",
                        "2",
                        "--epochs",
                        "1",
                        "--report",
                        without.toString()))
                .as(trainer.err())
                .isZero();
        assertThat(trainer.run(
                        "protocols",
                        "--data",
                        "synthetic:a:4:2",
                        "--protocol",
                        "subject-folds",
                        "--folds",
                        "2",
                        "--epochs",
                        "1",
                        "--augment",
                        "standard",
                        "--report",
                        with.toString()))
                .as(trainer.err())
                .isZero();
        Path table = dir.resolve("compare.md");

        // when compared
        int code =
                trainer.run("protocols-compare", without.toString(), with.toString(), "--markdown", table.toString());

        // then one row: both accuracies, their paired difference, over the 4 people's 48 images
        assertThat(code).as(trainer.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(without.toFile());
        JsonNode b = new ObjectMapper().readTree(with.toFile());
        assertThat(a.at("/protocols/0/predictions")).hasSize(48);
        double difference = b.at("/protocols/0/accuracy/estimate").asDouble()
                - a.at("/protocols/0/accuracy/estimate").asDouble();
        assertThat(Files.readString(table))
                .contains("| synthetic-a subject 2-fold |")
                .contains(String.format(java.util.Locale.ROOT, "%+.3f [", difference))
                .contains("| 4 | 48 |");
    }

    @Test
    void shouldRefuseToPairReportsThatHeldOutDifferentImages() throws Exception {
        Path one = dir.resolve("one.json");
        Path other = dir.resolve("other.json");
        trainer.run(
                "protocols",
                "--data",
                "synthetic:a:4:2",
                "--protocol",
                "subject-folds",
                "--folds",
                "2",
                "--epochs",
                "1",
                "--report",
                one.toString());
        trainer.run(
                "protocols",
                "--data",
                "synthetic:a:6:2",
                "--protocol",
                "subject-folds",
                "--folds",
                "2",
                "--epochs",
                "1",
                "--report",
                other.toString());

        int code = trainer.run("protocols-compare", one.toString(), other.toString());

        assertThat(code).isEqualTo(TrainerCli.BAD_INPUT);
        assertThat(trainer.err()).contains("cannot be paired");
    }
}
