package io.emotionstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.preprocess.PixelScale;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.model.InputSpec;
import io.emotionstream.tools.Tools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldBenchmarkTrainingAndInferenceLikeThePyTorchReference() throws Exception {
        Path report = dir.resolve("bench.json");

        int code = Tools.execute(
                "bench", "--epochs", "1", "--seconds", "0.2", "--batch-sizes", "1,8", "--report", report.toString());

        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/epoch_seconds_median").asDouble()).isPositive();
        assertThat(json.at("/training/images").asInt()).isEqualTo(595); // 80% of 744 synthetic faces
        assertThat(json.at("/inference_images_per_second/8").asDouble()).isPositive();
        assertThat(json.at("/preprocessing/synthetic_png_96x96").asDouble()).isPositive();
    }

    @Test
    void shouldMeasureAPublishedGraphThroughThePathServingTakes() throws Exception {
        // given a graph bundle with its own input (16x16 in [-1, 1]) and seven classes
        Path registry = dir.resolve("models");
        new ModelRegistry(registry)
                .publish(
                        TestModels.tinyGraph(16, 7),
                        UntrainedManifest.draft("graph", CnnHyperparameters.SEED_CKPLUS, 1)
                                .setHyperparameters(null)
                                .setLabels(List.of(
                                        "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"))
                                .setInput(new InputSpec(16, 16, 1, "NCHW"))
                                .setPreprocessing(
                                        new Preprocessing(FaceLocation.NONE, new TensorFormat(16, PixelScale.SYMMETRIC))
                                                .spec()));
        Path report = dir.resolve("bench-graph.json");

        // when
        int code = Tools.execute(
                "bench",
                "--model",
                "graph",
                "--registry",
                registry.toString(),
                "--seconds",
                "0.2",
                "--batch-sizes",
                "1,8",
                "--report",
                report.toString());

        // then
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/model").asText()).isEqualTo("graph:1");
        assertThat(json.at("/engine").asText()).isEqualTo("DL4J_GRAPH");
        assertThat(json.at("/model_preprocessing").asText()).isEqualTo("gray-resize-v1-16-minus-one-to-one");
        assertThat(json.at("/inference_images_per_second/8").asDouble()).isPositive();
        assertThat(json.has("training")).isFalse();
    }
}
