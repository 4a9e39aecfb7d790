package io.emotionstream.streamapp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's table says what the settings table ({@link Setting}) says. */
class ConfigurationDocTest {
    private static final Path DOC =
            Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "configuration.md");
    private static final Pattern KEY = Pattern.compile("`([a-z.*]+)`");

    @Test
    void shouldDocumentEverySettingWithItsDefaultAndNoOther() throws IOException {
        Map<String, String> documented = documentedDefaults();

        assertThat(documented.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Setting.values()).map(Setting::key).toList());
        for (Setting setting : Setting.values()) {
            assertThat(documented.get(setting.key())).as(setting.key()).isEqualTo(expectedInDoc(setting));
        }
    }

    /** How the doc writes a default: "empty", a derived one in angle brackets, ~ for the home directory. */
    private static String expectedInDoc(Setting setting) {
        if (setting == Setting.MODEL_CACHE_DIR) {
            return "`<state.dir>/models`";
        }
        if (setting.defaultValue().isEmpty()) {
            return "empty";
        }
        return setting.defaultValue().replace(System.getProperty("user.home"), "~");
    }

    /** Key -> default as written, from rows "| `k1`, `k2` | d1, d2 | meaning |" of the configuration table. */
    private static Map<String, String> documentedDefaults() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf("# Stream app configuration");
        assertThat(start).as("docs/configuration.md's title").isNotNegative();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : lines.subList(start, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> keys =
                    KEY.matcher(cells[1]).results().map(m -> m.group(1)).toList();
            if (keys.equals(List.of("kafka.*"))) {
                continue;
            }
            String cell = cells[2].trim();
            List<String> values = keys.size() == 1 ? List.of(cell) : List.of(cell.split(", "));
            assertThat(values).as("defaults of %s", keys).hasSameSizeAs(keys);
            for (int i = 0; i < keys.size(); i++) {
                defaults.put(keys.get(i), values.get(i));
            }
        }
        return defaults;
    }
}
