package io.emotionstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.model.network.OnnxFixtures;
import io.emotionstream.schemas.model.ModelEngine;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelSource;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.model.SourceFormat;
import io.emotionstream.trainer.imported.KerasFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {
    @TempDir
    Path dir;

    private final TrainerRun trainer = new TrainerRun();

    @Test
    void shouldMakeAKerasFileABundleThatRecordsWhereItCameFrom() throws Exception {
        // given a Keras file with a licence file beside it
        Path keras = KerasFixtures.copy("tiny-functional.h5", dir);
        Files.writeString(dir.resolve("LICENSE"), "\nMIT License\n\nCopyright (c) ...\n");
        Path registry = dir.resolve("models");

        // when
        int exit = trainer.run(
                "import",
                "--keras",
                keras.toString(),
                "--name",
                "tiny",
                "--labels",
                KerasFixtures.FER_LABELS,
                "--scale",
                "minus-one-to-one",
                "--provenance",
                "make_fixtures.py, random weights",
                "--registry",
                registry.toString());

        // then
        assertThat(exit).as(trainer.err()).isZero();
        ModelBundle bundle = new ModelRegistry(registry).resolve("tiny");
        ModelManifest manifest = bundle.manifest();
        ModelSource source = manifest.getSource();
        assertThat(source.getFormat()).isEqualTo(SourceFormat.KERAS_HDF5);
        assertThat(source.getSha256()).isEqualTo(Sha256.of(keras));
        assertThat(source.getBytes()).isEqualTo(Files.size(keras));
        assertThat(source.getLicence()).startsWith("MIT License");
        assertThat(source.getProvenance()).isEqualTo("make_fixtures.py, random weights");
        assertThat(source.getSourceLabels())
                .containsExactly("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
        assertThat(manifest.getLabels()).endsWith("surprise", "neutral");
        assertThat(manifest.getEngine()).isEqualTo(ModelEngine.DL4J_GRAPH);
        assertThat(manifest.getPreprocessing().getId()).isEqualTo("gray-resize-v1-16-minus-one-to-one");
        assertThat(manifest.getInput().getLayout())
                .as("a Flatten keeps the graph channels-last")
                .isEqualTo("NHWC");
        assertThat(manifest.getHyperparameters()).isNull();
        assertThat(manifest.getCalibration()).as("nothing to calibrate on").isNull();
        // and the bundle, loaded as serving loads it, computes what numpy computed (neutral left out)
        LoadedModel loaded = bundle.load();
        float[] seven = KerasFixtures.expected().get(1).get(0);
        float[] six =
                loaded.probabilities(List.of(KerasFixtures.expected().get(0).get(0)))[0];
        assertThat(six[3]).isCloseTo(seven[3] / (1 - seven[6]), within(1e-4f));
    }

    @Test
    void shouldMakeAnOnnxFileABundleServedAsPyTorchComputedIt() throws Exception {
        // given a PyTorch export ending in logits, its class order in a sidecar file
        Path onnx = Files.write(dir.resolve("tiny.onnx"), OnnxFixtures.bytes("tiny-logits.onnx"));
        Files.writeString(dir.resolve("tiny.onnx.labels"), KerasFixtures.FER_LABELS.replace(',', '\n') + "\n");
        Path registry = dir.resolve("models");

        // when the import is held to PyTorch's own logits on two images
        Path pytorchLogits = Files.write(dir.resolve("pytorch.json"), OnnxFixtures.bytes("tiny-logits.expected.json"));
        int exit = trainer.run(
                "import",
                "--onnx",
                onnx.toString(),
                "--name",
                "tiny-onnx",
                "--scale",
                "divide-255",
                "--licence",
                "MIT",
                "--expect-outputs",
                pytorchLogits.toString(),
                "--registry",
                registry.toString());

        // then the file is the bundle's model file, byte for byte, run by ONNX Runtime with a softmax added
        assertThat(exit).as(trainer.err()).isZero();
        ModelBundle bundle = new ModelRegistry(registry).resolve("tiny-onnx");
        ModelManifest manifest = bundle.manifest();
        assertThat(manifest.getEngine()).isEqualTo(ModelEngine.ONNX_RUNTIME);
        assertThat(manifest.getOutputs()).isEqualTo(OutputKind.LOGITS);
        assertThat(manifest.getSource().getFormat()).isEqualTo(SourceFormat.ONNX);
        assertThat(manifest.getModelSha256())
                .isEqualTo(Sha256.of(onnx))
                .isEqualTo(manifest.getSource().getSha256());
        assertThat(manifest.getFramework()).startsWith("onnxruntime 1.");
        assertThat(manifest.getPreprocessing().getId()).isEqualTo("gray-resize-v1-16-divide-255");
        OnnxFixtures.Expected pytorch = OnnxFixtures.expected("tiny-softmax");
        float[] six = bundle.load().probabilities(List.of(pytorch.inputs()[1]))[0];
        float[] seven = pytorch.outputs()[1];
        assertThat(six[3]).isCloseTo(seven[3] / (1 - seven[6]), within(1e-5f));
    }

    @Test
    void shouldRefuseAnOnnxFileWithOneLineAndPublishNothing() throws Exception {
        Path truncated = Files.write(dir.resolve("truncated.onnx"), OnnxFixtures.bytes("truncated.onnx"));
        Path registry = dir.resolve("models");

        int exit = trainer.run(
                "import",
                "--onnx",
                truncated.toString(),
                "--name",
                "bad",
                "--labels",
                KerasFixtures.FER_LABELS,
                "--scale",
                "divide-255",
                "--licence",
                "MIT",
                "--registry",
                registry.toString());
        // a network ending in a softmax, held to logits: what another network (or a faulty export) computed
        Path softmax = Files.write(dir.resolve("softmax.onnx"), OnnxFixtures.bytes("tiny-softmax.onnx"));
        Path logits = Files.write(dir.resolve("logits.json"), OnnxFixtures.bytes("tiny-logits.expected.json"));
        int differs = trainer.run(
                "import",
                "--onnx",
                softmax.toString(),
                "--name",
                "bad",
                "--labels",
                KerasFixtures.FER_LABELS,
                "--scale",
                "divide-255",
                "--licence",
                "MIT",
                "--expect-outputs",
                logits.toString(),
                "--registry",
                registry.toString());
        int both = trainer.run(
                "import",
                "--onnx",
                truncated.toString(),
                "--keras",
                truncated.toString(),
                "--name",
                "bad",
                "--labels",
                KerasFixtures.FER_LABELS,
                "--scale",
                "divide-255",
                "--licence",
                "MIT");

        assertThat(List.of(exit, differs)).containsOnly(TrainerCli.BAD_INPUT);
        assertThat(both).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(trainer.err()).as("one model file at a time").contains("mutually exclusive");
        assertThat(trainer.err().lines().limit(2))
                .satisfiesExactly(
                        line -> assertThat(line).contains("error: not_onnx: ONNX Runtime cannot load it"),
                        line -> assertThat(line).contains("error: outputs_differ: served probabilities differ"));
        assertThat(new ModelRegistry(registry).versions("bad")).isEmpty();
    }

    @Test
    void shouldScoreAndCalibrateOnPeopleItHasNeverSeen() {
        Path keras = KerasFixtures.copy("tiny-functional.h5", dir);
        Path registry = dir.resolve("models");

        int exit = trainer.run(
                "import",
                "--keras",
                keras.toString(),
                "--name",
                "tiny",
                "--labels",
                KerasFixtures.FER_LABELS,
                "--scale",
                "divide-255",
                "--licence",
                "MIT",
                "--calibrate-on",
                "synthetic:a:6:2",
                "--registry",
                registry.toString());

        assertThat(exit).as(trainer.err()).isZero();
        ModelManifest manifest = new ModelRegistry(registry).resolve("tiny").manifest();
        assertThat(manifest.getDatasets())
                .singleElement()
                .satisfies(d -> assertThat(d.getName()).isEqualTo("synthetic-a"));
        int validation = manifest.getMetrics().getValidation().getN();
        int test = manifest.getMetrics().getTest().getN();
        assertThat(validation).isPositive();
        assertThat(test).isPositive();
        assertThat(validation + test).isEqualTo(6 * 2 * 6);
        assertThat(manifest.getCalibration().getTemperature()).isBetween(0.05, 20.0);
        assertThat(manifest.getCalibration().getValidationLossAfter())
                .isLessThanOrEqualTo(manifest.getCalibration().getValidationLossBefore() + 1e-9);
        assertThat(manifest.getSource().getLicence()).isEqualTo("MIT");
    }

    @Test
    void shouldRefuseWithOneLineAndPublishNothing() {
        Path keras = KerasFixtures.copy("tiny-functional.h5", dir);
        Path lambda = KerasFixtures.copy("lambda.h5", dir);
        Path registry = dir.resolve("models");

        int sixNames = trainer.run(
                "import",
                "--keras",
                keras.toString(),
                "--name",
                "tiny",
                "--labels",
                "angry,disgust,fear,happy,sad,surprise",
                "--scale",
                "divide-255",
                "--licence",
                "MIT",
                "--registry",
                registry.toString());
        int noLicence = trainer.run(
                "import",
                "--keras",
                keras.toString(),
                "--name",
                "tiny",
                "--labels",
                KerasFixtures.FER_LABELS,
                "--scale",
                "divide-255",
                "--registry",
                registry.toString());
        int python = trainer.run(
                "import",
                "--keras",
                lambda.toString(),
                "--name",
                "tiny",
                "--labels",
                KerasFixtures.FER_LABELS,
                "--scale",
                "divide-255",
                "--licence",
                "MIT",
                "--registry",
                registry.toString());

        assertThat(List.of(sixNames, noLicence, python)).containsOnly(TrainerCli.BAD_INPUT);
        assertThat(trainer.err().lines().toList())
                .hasSize(3)
                .satisfiesExactly(
                        line -> assertThat(line)
                                .contains("bad_labels: 6 class names given")
                                .contains("expected 1 row of 6"),
                        line -> assertThat(line).contains("no licence for tiny-functional.h5"),
                        line -> assertThat(line).contains("python_code: layer 'lambda_1' is a Lambda"));
        assertThat(new ModelRegistry(registry).versions("tiny")).isEmpty();
    }
}
