package io.emotionstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.emotionstream.schemas.events.GroundTruthLabel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry client against a real HTTP server that answers what each test scripts: retries, waits, memory. */
class RestSchemaRegistryTest {
    private static final String SCHEMA_ANSWER = new ObjectMapper()
            .createObjectNode()
            .put("schema", GroundTruthLabel.getClassSchema().toString())
            .toString();

    private final AtomicInteger requests = new AtomicInteger();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private int lastStatus = 200;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldRetryARegistryThatAnswersUnavailableUntilItAnswers() throws IOException {
        // given a registry that answers 503 twice, then the schema
        RestSchemaRegistry registry = registryAnswering(503, 503, 200);

        // when a record's id is looked up, then the lookup waited through the two refusals
        assertThat(registry.schema(7)).isEqualTo(GroundTruthLabel.getClassSchema());
        assertThat(requests).hasValue(3);
    }

    @Test
    void shouldGiveUpAfterTheWaitAndFailAtOnceForAWhileAfter() throws IOException {
        // given a registry that only ever answers 503
        RestSchemaRegistry registry = registryAnswering(503);

        // when a lookup has waited its 2 s, then it says the registry is unavailable
        assertThatThrownBy(() -> registry.schema(7)).isInstanceOf(SchemaRegistryUnavailableException.class);
        int asked = requests.get();
        assertThat(asked).isGreaterThan(1);

        // and the next uncached id fails at once, without asking, so an outage costs one wait, not one per record
        assertThatThrownBy(() -> registry.schema(8)).isInstanceOf(SchemaRegistryUnavailableException.class);
        assertThat(requests).hasValue(asked);
    }

    @Test
    void shouldNotRetryAnIdTheRegistryDoesNotKnow() throws IOException {
        RestSchemaRegistry registry = registryAnswering(404);

        assertThatThrownBy(() -> registry.schema(7)).isInstanceOf(UnknownSchemaIdException.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void shouldSayUnavailableWhenNothingListens() throws IOException {
        // given an address where the registry was, now closed
        RestSchemaRegistry registry = registryAnswering(200);
        server.stop(0);
        server = null;

        assertThatThrownBy(() -> registry.schema(7)).isInstanceOf(SchemaRegistryUnavailableException.class);
    }

    /** A registry whose answers to schema lookups are these statuses in turn, then the last one for ever. */
    private RestSchemaRegistry registryAnswering(int... answers) throws IOException {
        for (int status : answers) {
            statuses.add(status);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/schemas/ids/", exchange -> {
            requests.incrementAndGet();
            int status;
            synchronized (statuses) {
                status = statuses.isEmpty() ? lastStatus : statuses.poll();
                lastStatus = status;
            }
            byte[] body = (status == 200 ? SCHEMA_ANSWER : "{\"error_code\": " + status + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new RestSchemaRegistry(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }
}
