package io.emotionstream.trainer.imported;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/reliability.md names every reason an import is refused for. */
class ImportRefusalDocTest {
    private static final Path DOC =
            Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "reliability.md");

    @Test
    void shouldExplainEveryImportRefusal() throws Exception {
        String doc = Files.readString(DOC);

        for (ImportRefusal reason : ImportRefusal.values()) {
            assertThat(doc).containsPattern("\\| `" + reason.code() + "` \\| [^|]+ \\|");
        }
    }
}
