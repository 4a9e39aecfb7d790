package io.emotionstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's schema registry keeps its schemas, and their ids, across a restart on the same data directory. */
class LocalSchemaRegistryIT {
    private static final Path HOME =
            Path.of(System.getProperty(LocalSchemaRegistry.HOME_PROPERTY, "target/apicurio-registry"));
    private static final String SCHEMA = """
            {"schema": "{\\"type\\": \\"record\\", \\"name\\": \\"Kept\\", \\"fields\\": [{\\"name\\": \\"a\\", \\"type\\": \\"string\\"}]}"}""";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldKeepSchemasAndTheirIdsAcrossARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        // given a registry on a data directory, with a schema registered
        String id;
        try (LocalSchemaRegistry registry =
                LocalSchemaRegistry.start(HOME, Optional.of(dir.resolve("data")), dir.resolve("1.log"))) {
            assertThat(registry.ccompatUrl().getHost()).isEqualTo("127.0.0.1");
            id = send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects/kept-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(SCHEMA)));
        }
        assertThat(id).matches("\\{\"id\":\\d+\\}");
        String number = id.replaceAll("\\D", "");

        // when a new registry starts on the same directory (another port)
        try (LocalSchemaRegistry registry =
                LocalSchemaRegistry.start(HOME, Optional.of(dir.resolve("data")), dir.resolve("2.log"))) {
            // then the schema is there under the same id
            assertThat(send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/schemas/ids/" + number))
                            .GET()))
                    .contains("Kept");
            assertThat(send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects"))
                            .GET()))
                    .contains("kept-value");
        }
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
