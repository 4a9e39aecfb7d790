package io.emotionstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.PretrainedGraphs;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.OnnxFixtures;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelEngine;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.TrainingRecipe;
import io.emotionstream.schemas.model.TrainingTargets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TrainerRun trainer = new TrainerRun();

    @Test
    void shouldFineTuneAnImportedGraphAndRecordItsParent() {
        // given an imported-like graph published as a bundle with its own input and seven classes
        Path registry = dir.resolve("models");
        ModelBundle parent = new ModelRegistry(registry)
                .publish(
                        PretrainedGraphs.importedLike(),
                        UntrainedManifest.draft("pretrained", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setHyperparameters(null)
                                .setLabels(PretrainedGraphs.SEVEN)
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(PretrainedGraphs.INPUT.spec()));

        // when
        int exit = trainer.run(
                "train",
                "--init",
                "pretrained:1",
                "--data",
                "synthetic:a:6:2",
                "--split",
                "subject",
                "--epochs",
                "3",
                "--learning-rate",
                "0.005",
                "--mirror",
                "--balance",
                "class",
                "--targets",
                "votes",
                "--name",
                "tuned",
                "--registry",
                registry.toString());

        // then a new bundle, served by ONNX Runtime, scored on held-out people, with its lineage and how it learnt
        assertThat(exit).as(trainer.err()).isZero();
        ModelManifest tuned = new ModelRegistry(registry).resolve("tuned").manifest();
        assertThat(tuned.getParent().getName()).isEqualTo("pretrained");
        assertThat(tuned.getParent().getVersion()).isEqualTo(1);
        assertThat(tuned.getParent().getModelSha256())
                .isEqualTo(parent.manifest().getModelSha256());
        assertThat(tuned.getParent().getTrainedFrom()).isEqualTo("head");
        assertThat(tuned.getParent().getLearningRate()).isEqualTo(0.005);
        assertThat(tuned.getEngine()).isEqualTo(ModelEngine.ONNX_RUNTIME);
        assertThat(tuned.getLabels()).isEqualTo(parent.manifest().getLabels());
        assertThat(tuned.getPreprocessing()).isEqualTo(parent.manifest().getPreprocessing());
        assertThat(tuned.getSplit().getMode()).isEqualTo("subject");
        assertThat(tuned.getMetrics().getTest().getN()).isPositive();
        assertThat(tuned.getCalibration()).isNotNull();
        assertThat(tuned.getTraining().getEpochsRun()).isEqualTo(3);
        assertThat(tuned.getRecipe()).isEqualTo(new TrainingRecipe("mirror", "class", 0.0, 0.0, TrainingTargets.VOTES));
    }

    @Test
    void shouldDropNeutralWithANewClassifierWhenAskedForTheSixEmotions() {
        // given a seven-class imported-like bundle
        Path registry = dir.resolve("models");
        new ModelRegistry(registry)
                .publish(
                        PretrainedGraphs.importedLike(),
                        UntrainedManifest.draft("pretrained", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setHyperparameters(null)
                                .setLabels(PretrainedGraphs.SEVEN)
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(PretrainedGraphs.INPUT.spec()));

        // when it is fine-tuned to the six emotions, spelt as datasets spell them
        int exit = trainer.run(
                "train",
                "--init",
                "pretrained",
                "--data",
                "synthetic:a:6:2",
                "--split",
                "subject",
                "--epochs",
                "2",
                "--labels",
                "angry,disgust,fear,happy,sad,surprise",
                "--name",
                "six",
                "--registry",
                registry.toString());

        // then the new bundle has six classes, a six-output network, and still names its parent
        assertThat(exit).as(trainer.err()).isZero();
        ModelBundle six = new ModelRegistry(registry).resolve("six");
        assertThat(six.manifest().getLabels())
                .containsExactly("anger", "disgust", "fear", "happiness", "sadness", "surprise");
        assertThat(six.outputClasses().outputs()).isEqualTo(6);
        assertThat(six.manifest().getParent().getName()).isEqualTo("pretrained");
        assertThat(six.manifest().getMetrics().getTest().getN()).isPositive();
    }

    @Test
    void shouldScoreABundleZeroShotAndFineTunedOnTheSameHeldOutPeopleOfEachFold() throws Exception {
        // given an imported-like bundle
        Path registry = dir.resolve("models");
        new ModelRegistry(registry)
                .publish(
                        PretrainedGraphs.importedLike(),
                        UntrainedManifest.draft("pretrained", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setHyperparameters(null)
                                .setLabels(PretrainedGraphs.SEVEN)
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(PretrainedGraphs.INPUT.spec()));
        String[] common = {
            "protocols",
            "--init",
            "pretrained",
            "--registry",
            registry.toString(),
            "--data",
            "synthetic:a:6:2",
            "--protocol",
            "subject-folds",
            "--folds",
            "3",
            "--epochs",
            "2"
        };

        // when the protocol runs once with the bundle as it is, and once fine-tuning it in each fold
        Path zeroShot = dir.resolve("zero-shot.json");
        Path tuned = dir.resolve("tuned.json");
        assertThat(trainer.run(concat(common, "--zero-shot", "--report", zeroShot.toString())))
                .as(trainer.err())
                .isZero();
        assertThat(trainer.run(concat(common, "--mirror", "--report", tuned.toString())))
                .as(trainer.err())
                .isZero();

        // then both predicted the same images in the same folds, and only the second trained in them
        JsonNode before = JSON.readTree(zeroShot.toFile()).at("/protocols/0");
        JsonNode after = JSON.readTree(tuned.toFile()).at("/protocols/0");
        assertThat(foldsOfImages(after)).isEqualTo(foldsOfImages(before)).hasSize(72);
        assertThat(before.get("folds"))
                .allSatisfy(fold -> assertThat(fold.get("epochs").asInt()).isZero());
        assertThat(after.get("folds"))
                .allSatisfy(fold -> assertThat(fold.get("epochs").asInt()).isEqualTo(2));
        assertThat(JSON.readTree(tuned.toFile()).get("recipe").asText())
                .isEqualTo("fine-tuned pretrained:1 from head, Adam 0.001, balance none, mirrored copies");
    }

    private static Map<String, Integer> foldsOfImages(JsonNode protocol) {
        Map<String, Integer> folds = new TreeMap<>();
        protocol.get("predictions")
                .forEach(p -> folds.put(p.get("id").asText(), p.get("fold").asInt()));
        return folds;
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void shouldFineTuneATrainedSeedCnnFromItsOutputLayer() {
        // given a seed CNN trained and published as usual
        Path registry = dir.resolve("models");
        assertThat(trainer.run(
                        "train",
                        "--data",
                        "synthetic:a:6:2",
                        "--epochs",
                        "2",
                        "--name",
                        "seed",
                        "--registry",
                        registry.toString()))
                .as(trainer.err())
                .isZero();
        ModelBundle parent = new ModelRegistry(registry).resolve("seed");

        // when it is fine-tuned on the other population
        int exit = trainer.run(
                "train",
                "--init",
                "seed",
                "--data",
                "synthetic:b:6:2",
                "--split",
                "subject",
                "--epochs",
                "2",
                "--name",
                "seed-on-b",
                "--registry",
                registry.toString());

        // then its last layer was trained and the rest kept, with its input and labels, and the lineage recorded
        assertThat(exit).as(trainer.err()).isZero();
        ModelManifest tuned = new ModelRegistry(registry).resolve("seed-on-b").manifest();
        assertThat(tuned.getParent().getName()).isEqualTo("seed");
        assertThat(tuned.getParent().getModelSha256())
                .isEqualTo(parent.manifest().getModelSha256());
        assertThat(tuned.getPreprocessing()).isEqualTo(parent.manifest().getPreprocessing());
        assertThat(tuned.getLabels()).isEqualTo(parent.manifest().getLabels());
        assertThat(tuned.getParent().getTrainedFrom()).isNotBlank();
        assertThat(tuned.getMetrics().getTest().getN()).isPositive();
    }

    @Test
    void shouldTeachASixClassSeedCnnNeutralFacesWithASeventhOutput() {
        // given a seed CNN trained as usual, and faces that include neutral ones
        Path registry = dir.resolve("models");
        assertThat(trainer.run(
                        "train",
                        "--data",
                        "synthetic:a:20:2",
                        "--epochs",
                        "15",
                        "--name",
                        "seed",
                        "--registry",
                        registry.toString()))
                .as(trainer.err())
                .isZero();
        String[] neutralFaces = {
            "train",
            "--init",
            "seed",
            "--data",
            "synthetic:a:8:2",
            "--neutral",
            "--split",
            "subject",
            "--epochs",
            "30",
            "--learning-rate",
            "0.01",
            "--registry",
            registry.toString()
        };

        // when it is fine-tuned on them as it is, then with a seventh class
        int asItIs = trainer.run(concat(neutralFaces, "--name", "refused"));
        int seven = trainer.run(concat(
                neutralFaces, "--labels", "anger,disgust,fear,happiness,sadness,surprise,neutral", "--name", "seven"));

        // then six outputs cannot learn neutral faces, and seven do: neutral scored as a class of its own
        assertThat(asItIs).isNotZero();
        assertThat(trainer.err()).contains("the data has neutral faces and the network's classes are");
        assertThat(seven).as(trainer.err()).isZero();
        ModelManifest tuned = new ModelRegistry(registry).resolve("seven").manifest();
        assertThat(tuned.getLabels()).endsWith("neutral").hasSize(7);
        assertThat(tuned.getMetrics().getTest().getPerClass()).hasSize(7).last().satisfies(neutral -> {
            assertThat(neutral.getLabel()).isEqualTo("neutral");
            assertThat(neutral.getSupport()).isPositive();
        });
        assertThat(tuned.getMetrics().getTest().getAccuracy())
                .as("seven classes: chance is 0.14")
                .isGreaterThan(0.5);
    }

    @Test
    void shouldRefuseAnOnnxParentWithoutItsKerasSource() {
        Path registry = dir.resolve("models");
        new ModelRegistry(registry)
                .publishOnnx(
                        OnnxFixtures.bytes("tiny-softmax.onnx"),
                        UntrainedManifest.draft("exported", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setHyperparameters(null)
                                .setLabels(PretrainedGraphs.SEVEN)
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(PretrainedGraphs.INPUT.spec()));

        int exit = trainer.run(
                "train", "--init", "exported", "--data", "synthetic:a:2:1", "--registry", registry.toString());

        assertThat(exit).isEqualTo(TrainerCli.BAD_INPUT);
        assertThat(trainer.err()).contains("exported:1 (ONNX_RUNTIME) cannot be fine-tuned here");
    }
}
