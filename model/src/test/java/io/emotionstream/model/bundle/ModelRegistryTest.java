package io.emotionstream.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.OnnxFixtures;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.schemas.model.ModelCalibration;
import io.emotionstream.schemas.model.ModelEngine;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.OutputKind;
import io.emotionstream.schemas.model.TrainingRecipe;
import io.emotionstream.schemas.model.TrainingTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class ModelRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void shouldPublishIncreasingImmutableVersions() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1);

        ModelBundle first = registry.publish(network, draft("jaffe-seed"));
        String firstManifest = Files.readString(first.directory().resolve(ModelBundle.MANIFEST_FILE));
        ModelBundle second = registry.publish(network, draft("jaffe-seed"));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(registry.versions("jaffe-seed")).containsExactly(1, 2);
        assertThat(Files.readString(first.directory().resolve(ModelBundle.MANIFEST_FILE)))
                .isEqualTo(firstManifest);
        assertThat(registry.resolve("jaffe-seed").version()).isEqualTo(2);
        assertThat(registry.resolve("jaffe-seed:1").directory()).isEqualTo(first.directory());
    }

    @Test
    void shouldRoundTripTheNetworkAndManifest() {
        ModelRegistry registry = new ModelRegistry(root);
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 5);

        ModelBundle published = registry.publish(network, draft("ck"));
        ModelBundle reopened = registry.resolve("ck:latest");
        MultiLayerNetwork loaded = reopened.loadNetwork();

        assertThat(reopened.manifest()).isEqualTo(published.manifest());
        assertThat(reopened.manifest().getModelSha256()).hasSize(64);
        assertThat(reopened.manifest().getModelBytes()).isBetween(2_000_000L, 3_000_000L);
        assertThat(CnnHyperparameters.fromAvro(reopened.manifest().getHyperparameters()))
                .isEqualTo(CnnHyperparameters.SEED_CKPLUS);
        var input = Nd4j.rand(new int[] {2, 1, 48, 48});
        assertThat(loaded.output(input).sub(network.output(input)).amaxNumber().doubleValue())
                .isZero();
    }

    @Test
    void shouldReadARecipeWrittenBeforeItGainedAField() throws Exception {
        // given a bundle whose recipe was written before mixup and targets existed (a record inside an optional field)
        ModelRegistry registry = new ModelRegistry(root);
        ModelBundle bundle = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1),
                draft("recipe").setRecipe(new TrainingRecipe("standard", "class", 0.1, 0.3, TrainingTargets.VOTES)));
        Path manifest = bundle.directory().resolve(ModelBundle.MANIFEST_FILE);
        String beforeMixup = Files.readString(manifest)
                .replaceAll(",\\s*\"mixup\"\\s*:\\s*0\\.3", "")
                .replaceAll(",\\s*\"targets\"\\s*:\\s*\"VOTES\"", "");
        assertThat(beforeMixup).doesNotContain("mixup").doesNotContain("VOTES").contains("\"labelSmoothing\"");
        Files.writeString(manifest, beforeMixup);

        // when
        TrainingRecipe read = registry.resolve("recipe:1").manifest().getRecipe();

        // then the fields it had, and the new one's default
        assertThat(read.getAugmentation()).isEqualTo("standard");
        assertThat(read.getLabelSmoothing()).isEqualTo(0.1);
        assertThat(read.getMixup()).isZero();
        assertThat(read.getTargets()).isEqualTo(TrainingTargets.MAJORITY);
    }

    @Test
    void shouldRefuseARecipeFieldOfTheWrongType() throws Exception {
        // given a bundle whose recipe's mixup is a string
        ModelRegistry registry = new ModelRegistry(root);
        ModelBundle bundle = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1),
                draft("typed").setRecipe(new TrainingRecipe("standard", "class", 0.1, 0.3, TrainingTargets.VOTES)));
        Path manifest = bundle.directory().resolve(ModelBundle.MANIFEST_FILE);
        String wrongType = Files.readString(manifest).replaceAll("\"mixup\"\\s*:\\s*0\\.3", "\"mixup\" : \"lots\"");
        assertThat(wrongType).contains("\"lots\"");
        Files.writeString(manifest, wrongType);

        // when / then the manifest does not match the schema and the bundle is refused
        assertThatThrownBy(() -> registry.resolve("typed:1"))
                .isInstanceOf(BundleException.class)
                .extracting(e -> ((BundleException) e).reason())
                .isEqualTo(BundleException.Reason.UNREADABLE_MANIFEST);
    }

    @Test
    void shouldKeepTheCalibrationAndReadManifestsWrittenBeforeItExisted() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1);
        ModelManifest.Builder calibrated = draft("calibrated")
                .setCalibration(new ModelCalibration(
                        1.7, 0.9, 0.8, 0.12, 0.03, 0.15, 0.05, List.of(0.1, 0.1, 0.1, 0.4, 0.2, 0.1)));

        ModelBundle published = registry.publish(network, calibrated);
        ModelBundle old = registry.publish(network, draft("old"));
        Path oldManifest = old.directory().resolve(ModelBundle.MANIFEST_FILE);
        String withoutCalibration = Files.readString(oldManifest).replaceAll("\\s*\"calibration\"\\s*:\\s*null,", "");
        assertThat(withoutCalibration).doesNotContain("calibration");
        Files.writeString(oldManifest, withoutCalibration);

        Calibration read = registry.resolve("calibrated:1").calibration().orElseThrow();
        assertThat(read.temperature()).isEqualTo(1.7);
        // (Avro 1.12's JSON decoder reads the items of a double array at float precision)
        assertThat(read.referenceMix()).containsExactly(new double[] {0.1, 0.1, 0.1, 0.4, 0.2, 0.1}, within(1e-7));
        assertThat(registry.resolve("old:1").calibration()).isEmpty();
        assertThat(published.manifest().getCalibration().getTestEceAfter()).isEqualTo(0.05);
    }

    @Test
    void shouldRefuseACalibrationThatCannotBeApplied() {
        ModelRegistry registry = new ModelRegistry(root);
        MultiLayerNetwork network = SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1);
        registry.publish(
                network,
                draft("cold")
                        .setCalibration(new ModelCalibration(
                                0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, List.of(0.1, 0.1, 0.1, 0.4, 0.2, 0.1))));
        registry.publish(
                network,
                draft("short")
                        .setCalibration(new ModelCalibration(1.5, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, List.of(0.5, 0.5))));
        registry.publish(
                network,
                draft("neutral-mix")
                        .setCalibration(new ModelCalibration(
                                1.5, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, List.of(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.4))));

        assertThatThrownBy(() -> registry.resolve("cold:1").calibration())
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("temperature")
                .extracting(e -> ((BundleException) e).reason())
                .isEqualTo(BundleException.Reason.UNREADABLE_MANIFEST);
        assertThatThrownBy(() -> registry.resolve("short:1").calibration())
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("one share per class (6 or 7), got 2");
        assertThatThrownBy(() -> registry.resolve("neutral-mix:1").calibration())
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("a reference mix of 7 shares for a model of 6 classes");
    }

    @Test
    void shouldRefuseAModelFileWhoseChecksumDoesNotMatch() throws Exception {
        ModelBundle bundle =
                new ModelRegistry(root).publish(SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1), draft("m"));
        Path modelFile = bundle.directory().resolve(ModelBundle.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(modelFile);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(modelFile, bytes);

        assertThatThrownBy(bundle::loadNetwork)
                .isInstanceOfSatisfying(
                        BundleException.class,
                        e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.CHECKSUM_MISMATCH));
    }

    @Test
    void shouldRefuseAManifestWithAnotherLabelSet() {
        ModelBundle bundle = new ModelRegistry(root)
                .publish(
                        SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1),
                        draft("m")
                                .setHyperparameters(CnnHyperparameters.SEED_CKPLUS.toAvro())
                                .setLabels(List.of("neutral", "happy")));

        assertThatThrownBy(bundle::loadNetwork)
                .isInstanceOfSatisfying(
                        BundleException.class,
                        e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.WRONG_LABELS));
    }

    @Test
    void shouldRefuseAManifestThatIsNotAManifest() throws Exception {
        Path dir = Files.createDirectories(root.resolve("broken/1"));
        Files.writeString(dir.resolve(ModelBundle.MANIFEST_FILE), "{\"name\": 3}");

        assertThatThrownBy(() -> new ModelRegistry(root).resolve("broken"))
                .isInstanceOfSatisfying(
                        BundleException.class,
                        e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.UNREADABLE_MANIFEST));
    }

    @Test
    void shouldSayWhenAModelHasNoVersions() {
        assertThatThrownBy(() -> new ModelRegistry(root).resolve("nothing"))
                .isInstanceOfSatisfying(
                        BundleException.class, e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.NOT_FOUND));
    }

    @Test
    void shouldReadAManifestWrittenBeforeImportsExisted() throws Exception {
        // given a manifest as the schema before imports wrote it: hyperparameters, split and training as plain
        // records (not yet optional), and no engine or source
        ModelRegistry registry = new ModelRegistry(root);
        ModelBundle bundle = registry.publish(SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1), draft("before-imports"));
        Path manifest = bundle.directory().resolve(ModelBundle.MANIFEST_FILE);
        ObjectNode json = (ObjectNode) JSON.readTree(Files.readString(manifest));
        for (String field : List.of("hyperparameters", "split", "training")) {
            json.set(field, json.get(field).elements().next()); // {"io...Hyperparameters": {...}} -> {...}
        }
        json.remove(List.of("engine", "source"));
        Files.writeString(manifest, JSON.writeValueAsString(json));
        assertThat(Files.readString(manifest))
                .doesNotContain("engine", "source", "io.emotionstream.schemas.model.SplitSpec");

        // when
        ModelBundle read = registry.resolve("before-imports:1");

        // then the records it had, and the new fields' defaults
        assertThat(read.manifest().getHyperparameters().getLearningRate())
                .isEqualTo(CnnHyperparameters.SEED_CKPLUS.learningRate());
        assertThat(read.manifest().getSplit().getMode()).isEqualTo("none");
        assertThat(read.engine()).isEqualTo(ModelEngine.DL4J_MULTILAYER);
        assertThat(read.manifest().getSource()).isNull();
        assertThat(read.loadNetwork().numParams()).isEqualTo(SeedCnn.PARAMETERS);
    }

    @Test
    void shouldServeAGraphWithItsOwnInputAndSevenClassesOverTheSix() {
        // given a small graph taking 16x16 images in [-1, 1], with FER2013's seven classes in FER2013's order
        ComputationGraph graph = TestModels.tinyGraph(16, 7);
        List<String> ferOrder = List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral");
        Preprocessing own = new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.SYMMETRIC));
        ModelBundle bundle = new ModelRegistry(root)
                .publish(
                        graph,
                        draft("graph")
                                .setHyperparameters(null)
                                .setSplit(null)
                                .setTraining(null)
                                .setLabels(ferOrder)
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(own.spec()));
        float[] tensor = new float[256];
        for (int i = 0; i < tensor.length; i++) {
            tensor[i] = (float) Math.sin(i / 5.0);
        }

        // when
        LoadedModel loaded = bundle.load();
        float[] six = loaded.probabilities(List.of(tensor))[0];

        // then the graph's own output without neutral, as shares of the six
        float[] seven = graph.outputSingle(Nd4j.create(tensor, new long[] {1, 1, 16, 16}))
                .toFloatVector();
        float sum = seven[0] + seven[1] + seven[2] + seven[3] + seven[4] + seven[5];
        assertThat(bundle.engine()).isEqualTo(ModelEngine.DL4J_GRAPH);
        assertThat(loaded.preprocessing()).isEqualTo(own);
        assertThat(six)
                .containsExactly(
                        new float[] {
                            seven[0] / sum,
                            seven[1] / sum,
                            seven[2] / sum,
                            seven[3] / sum,
                            seven[4] / sum,
                            seven[5] / sum
                        },
                        within(1e-5f));
        assertThatThrownBy(bundle::loadNetwork)
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("not a MultiLayerNetwork");
    }

    @Test
    void shouldServeAnOnnxFileAsItWasGivenWithTheSoftmaxItLacks() throws Exception {
        // given a PyTorch export ending in logits, NHWC input, FER2013's seven classes
        byte[] onnx = OnnxFixtures.bytes("tiny-nhwc.onnx");
        OnnxFixtures.Expected pytorch = OnnxFixtures.expected("tiny-nhwc");
        Preprocessing own = new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.UNIT));
        ModelBundle bundle = new ModelRegistry(root)
                .publishOnnx(
                        onnx,
                        draft("onnx")
                                .setHyperparameters(null)
                                .setLabels(List.of(
                                        "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"))
                                .setInput(new InputSpec(16, 16, 1, "NHWC"))
                                .setPreprocessing(own.spec())
                                .setOutputs(OutputKind.LOGITS));

        // when
        LoadedModel loaded = bundle.load();
        float[] six = loaded.probabilities(List.of(pytorch.inputs()[0]))[0];

        // then the file is stored byte for byte, and the six are PyTorch's softmax without neutral, renormalised
        assertThat(bundle.engine()).isEqualTo(ModelEngine.ONNX_RUNTIME);
        assertThat(Files.readAllBytes(
                        bundle.directory().resolve(bundle.manifest().getModelFile())))
                .isEqualTo(onnx);
        assertThat(loaded.path()).isEqualTo("onnx-runtime");
        double[] exp = new double[7];
        double sixSum = 0;
        for (int i = 0; i < 7; i++) {
            exp[i] = Math.exp(pytorch.outputs()[0][i]);
            sixSum += i < 6 ? exp[i] : 0;
        }
        for (int i = 0; i < 6; i++) {
            assertThat(six[i]).isCloseTo((float) (exp[i] / sixSum), within(1e-5f));
        }
    }

    @Test
    void shouldRefuseAnOnnxBundleWhoseFileWasReplaced() throws Exception {
        ModelBundle bundle = new ModelRegistry(root)
                .publishOnnx(
                        OnnxFixtures.bytes("tiny-logits.onnx"),
                        draft("onnx")
                                .setHyperparameters(null)
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setLabels(List.of(
                                        "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"))
                                .setPreprocessing(
                                        new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.UNIT))
                                                .spec()));
        Files.write(bundle.directory().resolve(ModelBundle.ONNX_MODEL_FILE), OnnxFixtures.bytes("tiny-softmax.onnx"));

        assertThatThrownBy(bundle::load)
                .isInstanceOfSatisfying(
                        BundleException.class,
                        e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.CHECKSUM_MISMATCH));
    }

    @Test
    void shouldRefuseAGraphWhoseOutputsAreNotOnePerLabel() {
        ModelBundle bundle = new ModelRegistry(root)
                .publish(
                        TestModels.tinyGraph(16, 6),
                        draft("short")
                                .setHyperparameters(null)
                                .setLabels(List.of(
                                        "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"))
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(
                                        new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.UNIT))
                                                .spec()));

        assertThatThrownBy(bundle::load).isInstanceOfSatisfying(BundleException.class, e -> {
            assertThat(e.reason()).isEqualTo(BundleException.Reason.WRONG_SHAPE);
            assertThat(e).hasMessageContaining("rows of 6, expected 1 row of 7");
        });
    }

    static ModelManifest.Builder draft(String name) {
        return UntrainedManifest.draft(name, CnnHyperparameters.SEED_CKPLUS, 1);
    }
}
