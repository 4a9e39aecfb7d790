package io.emotionstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.tools.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldBenchmarkTrainingAndInferenceLikeThePyTorchReference() throws Exception {
        Path report = dir.resolve("bench.json");

        int code = Tools.execute("bench", "--epochs", "1", "--seconds", "0.2", "--batch-sizes", "1,8", "--report",
                report.toString());

        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/epoch_seconds_median").asDouble()).isPositive();
        assertThat(json.at("/training/images").asInt()).isEqualTo(595); // 80% of 744 synthetic faces
        assertThat(json.at("/inference_images_per_second/8").asDouble()).isPositive();
        assertThat(json.at("/preprocessing/synthetic_png_96x96").asDouble()).isPositive();
    }
}
