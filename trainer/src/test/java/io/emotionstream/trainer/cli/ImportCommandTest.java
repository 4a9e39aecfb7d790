package io.emotionstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.schemas.model.ModelEngine;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelSource;
import io.emotionstream.schemas.model.SourceFormat;
import io.emotionstream.trainer.imported.KerasFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldMakeAKerasFileABundleThatRecordsWhereItCameFrom() throws Exception {
        // given a Keras file with a licence file beside it
        Path keras = KerasFixtures.copy("tiny-functional.h5", dir);
        Files.writeString(dir.resolve("LICENSE"), "\nMIT License\n\nCopyright (c) ...\n");
        Path registry = dir.resolve("models");

        // when
        int exit = run("import", "--keras", keras.toString(), "--name", "tiny", "--labels", KerasFixtures.FER_LABELS,
                "--scale", "minus-one-to-one", "--provenance", "make_fixtures.py, random weights", "--registry", registry.toString());

        // then
        assertThat(exit).as(err.toString()).isZero();
        ModelBundle bundle = new ModelRegistry(registry).resolve("tiny");
        ModelManifest manifest = bundle.manifest();
        ModelSource source = manifest.getSource();
        assertThat(source.getFormat()).isEqualTo(SourceFormat.KERAS_HDF5);
        assertThat(source.getSha256()).isEqualTo(Sha256.of(keras));
        assertThat(source.getBytes()).isEqualTo(Files.size(keras));
        assertThat(source.getLicence()).startsWith("MIT License");
        assertThat(source.getProvenance()).isEqualTo("make_fixtures.py, random weights");
        assertThat(source.getSourceLabels()).containsExactly("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
        assertThat(manifest.getLabels()).endsWith("surprise", "neutral");
        assertThat(manifest.getEngine()).isEqualTo(ModelEngine.DL4J_GRAPH);
        assertThat(manifest.getPreprocessing().getId()).isEqualTo("gray-resize-v1-16-minus-one-to-one");
        assertThat(manifest.getInput().getLayout()).as("a Flatten keeps the graph channels-last").isEqualTo("NHWC");
        assertThat(manifest.getHyperparameters()).isNull();
        assertThat(manifest.getCalibration()).as("nothing to calibrate on").isNull();
        // and the bundle, loaded as serving loads it, computes what numpy computed (neutral left out)
        LoadedModel loaded = bundle.load();
        float[] seven = KerasFixtures.expected().get(1).get(0);
        float[] six = loaded.probabilities(List.of(KerasFixtures.expected().get(0).get(0)))[0];
        assertThat(six[3]).isCloseTo(seven[3] / (1 - seven[6]), within(1e-4f));
    }

    @Test
    void shouldScoreAndCalibrateOnPeopleItHasNeverSeen() {
        Path keras = KerasFixtures.copy("tiny-functional.h5", dir);
        Path registry = dir.resolve("models");

        int exit = run("import", "--keras", keras.toString(), "--name", "tiny", "--labels", KerasFixtures.FER_LABELS,
                "--scale", "divide-255", "--licence", "MIT", "--calibrate-on", "synthetic:a:6:2", "--registry", registry.toString());

        assertThat(exit).as(err.toString()).isZero();
        ModelManifest manifest = new ModelRegistry(registry).resolve("tiny").manifest();
        assertThat(manifest.getDatasets()).singleElement().satisfies(d -> assertThat(d.getName()).isEqualTo("synthetic-a"));
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

        int sixNames = run("import", "--keras", keras.toString(), "--name", "tiny", "--labels", "angry,disgust,fear,happy,sad,surprise",
                "--scale", "divide-255", "--licence", "MIT", "--registry", registry.toString());
        int noLicence = run("import", "--keras", keras.toString(), "--name", "tiny", "--labels", KerasFixtures.FER_LABELS,
                "--scale", "divide-255", "--registry", registry.toString());
        int python = run("import", "--keras", lambda.toString(), "--name", "tiny", "--labels", KerasFixtures.FER_LABELS,
                "--scale", "divide-255", "--licence", "MIT", "--registry", registry.toString());

        assertThat(List.of(sixNames, noLicence, python)).containsOnly(TrainerCli.BAD_INPUT);
        assertThat(err.toString().lines().toList()).hasSize(3).satisfiesExactly(
                line -> assertThat(line).contains("bad_labels: 6 class names given").contains("expected 1 row of 6"),
                line -> assertThat(line).contains("no licence for tiny-functional.h5"),
                line -> assertThat(line).contains("python_code: layer 'lambda_1' is a Lambda"));
        assertThat(new ModelRegistry(registry).versions("tiny")).isEmpty();
    }
}
