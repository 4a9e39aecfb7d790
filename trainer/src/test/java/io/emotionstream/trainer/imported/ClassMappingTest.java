package io.emotionstream.trainer.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassMappingTest {
    @TempDir
    Path dir;

    @Test
    void shouldNameASourcesClassesAsThisProjectDoes() {
        ClassMapping mapping = ClassMapping.parse("Angry, disgust, fear, happy, sad, surprise, neutral");

        assertThat(mapping.sourceLabels())
                .containsExactly("Angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
        assertThat(mapping.labels())
                .containsExactly("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral");
    }

    @Test
    void shouldReadASidecarWithOneClassPerLine() throws Exception {
        Path sidecar =
                Files.writeString(dir.resolve("model.h5.labels"), "surprised\nsad\nhappy\nfearful\ndisgusted\nangry\n");

        assertThat(ClassMapping.read(sidecar).labels())
                .containsExactly("surprise", "sadness", "happiness", "fear", "disgust", "anger");
    }

    @Test
    void shouldRefuseUnknownMissingAndRepeatedClasses() {
        assertRefused("angry,disgust,fear,happy,sad,surprise,contempt", "'contempt'");
        assertRefused("angry,disgust,fear,happy,sad", "are not");
        assertRefused("angry,anger,disgust,fear,happy,sad,surprise", "appears twice");
        assertRefused(String.join(",", java.util.Collections.nCopies(40, "happy")), "40 class names");
    }

    private static void assertRefused(String labels, String detail) {
        assertThatThrownBy(() -> ClassMapping.parse(labels)).isInstanceOfSatisfying(ImportRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ImportRefusal.BAD_LABELS);
            assertThat(e).hasMessageContaining(detail);
        });
    }

    @Test
    void shouldKeepTheSourceNamesInTheirOrder() {
        assertThat(ClassMapping.of(List.of("sad", "happy", "angry", "disgust", "fear", "surprise"))
                        .sourceLabels())
                .startsWith("sad", "happy");
    }
}
