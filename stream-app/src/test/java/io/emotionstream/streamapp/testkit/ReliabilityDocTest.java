package io.emotionstream.streamapp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.preprocess.RejectReason;
import io.emotionstream.schemas.DeadLetterReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/reliability.md stays true: every corpus kind with its outcome, every dead-letter reason explained. */
class ReliabilityDocTest {
    private static final Path DOC =
            Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "reliability.md");

    @Test
    void shouldListEveryCorpusKindWithTheOutcomeTheTestExpects() throws Exception {
        String doc = Files.readString(DOC);

        for (PoisonCorpus.Poison poison : PoisonCorpus.kinds("doc", Instant.now())) {
            String outcome = switch (poison.expected()) {
                case PoisonCorpus.PREDICTION -> "prediction";
                case PoisonCorpus.COUNTED -> "counted, no dead letter";
                default -> "`" + poison.expected() + "`";
            };
            assertThat(doc)
                    .as(poison.kind())
                    .containsPattern("\\| `" + Pattern.quote(poison.kind()) + "` \\| [^|]+ \\| "
                            + Pattern.quote(outcome) + " \\|");
        }
    }

    @Test
    void shouldListNoKindTheCorpusDoesNotBuild() throws Exception {
        Set<String> built = PoisonCorpus.kinds("doc", Instant.now()).stream()
                .map(PoisonCorpus.Poison::kind)
                .collect(Collectors.toSet());
        Matcher row =
                Pattern.compile("(?m)^\\| `([a-z0-9]+(?:-[a-z0-9]+)+)` \\|").matcher(Files.readString(DOC));
        Set<String> documented = new TreeSet<>();
        while (row.find()) {
            documented.add(row.group(1));
        }

        assertThat(documented).isNotEmpty().isSubsetOf(built);
    }

    @Test
    void shouldExplainEveryDeadLetterReason() throws Exception {
        String doc = Files.readString(DOC);

        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(doc).contains("`" + reason.code() + "`");
        }
        for (RejectReason reason : RejectReason.values()) {
            assertThat(doc).contains("`" + reason.code() + "`");
        }
    }
}
