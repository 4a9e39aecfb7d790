package io.emotionstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * {@code schemas/contracts/NAME.avsc}: each record type users produce or consume, as one self-contained file (named
 * types inlined) that any Avro parser takes alone, equal to what this build writes and registers. The generated
 * classes are built from {@code src/main/avro}, whose files refer to each other and are not standalone.
 * {@code ./mvnw -pl schemas test -Dtest=ContractsTest -Dcontracts.update=true} rewrites them after a schema change.
 */
class ContractsTest {
    private static final Path CONTRACTS = Path.of("contracts");

    @Test
    void shouldPublishEveryTopicRecordAsOneStandaloneSchemaEqualToWhatTheBuildWrites() throws IOException {
        List<Schema> published = schemas();
        if (Boolean.getBoolean("contracts.update")) {
            Files.createDirectories(CONTRACTS);
            for (Schema schema : published) {
                Files.writeString(file(schema), schema.toString(true) + "\n");
            }
        }
        for (Schema schema : published) {
            Schema parsedAlone = new Schema.Parser().parse(file(schema).toFile());
            assertThat(parsedAlone)
                    .as(file(schema) + " is stale: rerun with -Dcontracts.update=true")
                    .isEqualTo(schema);
            assertThat(parsedAlone.toString(true)).isEqualTo(schema.toString(true)); // docs and defaults too
        }
        try (Stream<Path> files = Files.list(CONTRACTS)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(
                            published.stream().map(s -> s.getName() + ".avsc").toList());
        }
    }

    /** One per record type: the two predictions topics share one. */
    private static List<Schema> schemas() {
        return TopicCodecs.singleObject(Topics.DEFAULT).all().stream()
                .map(AvroCodec::schema)
                .distinct()
                .toList();
    }

    private static Path file(Schema schema) {
        return CONTRACTS.resolve(schema.getName() + ".avsc");
    }
}
