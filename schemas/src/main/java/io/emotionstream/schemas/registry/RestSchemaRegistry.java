package io.emotionstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The Confluent Schema Registry REST API, over the JDK's HTTP client: {@code POST /subjects/S/versions},
 * {@code GET /schemas/ids/N}, {@code PUT /config/S}. The base URL is the registry's root for Confluent Schema Registry
 * ({@code http://host:8081}) and {@code http://host:8080/apis/ccompat/v7} for Apicurio Registry.
 *
 * <p>Hand-written rather than a library: Confluent's client is not on Maven Central and Apicurio's speaks its own
 * API, which would tie users to one registry; these three calls are the whole contract (docs/architecture.md).
 *
 * <p>Ids come from records, which anyone can write: a schema once fetched is kept (ids are immutable), an id the
 * registry does not know is remembered as unknown for {@link #UNKNOWN_ID_MEMORY} so a flood of made-up ids costs one
 * lookup each per interval, both caches are bounded, and so is every response read.
 *
 * <p>A lookup runs on a stream thread inside a transaction, so it waits for a registry that does not answer only
 * {@link #LOOKUP_WAIT} in all (retrying with backoff), well inside the transaction timeout, and then throws
 * {@link SchemaRegistryUnavailableException}; for {@link #UNAVAILABLE_MEMORY} after that, lookups of ids not in the
 * cache fail at once, so an outage costs one wait per interval, not one per record. Ids already fetched keep
 * working throughout.
 */
public final class RestSchemaRegistry implements SchemaRegistry {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    static final int MAX_CACHED_SCHEMAS = 10_000;
    static final int MAX_REMEMBERED_UNKNOWN_IDS = 10_000;
    static final Duration UNKNOWN_ID_MEMORY = Duration.ofSeconds(30);
    static final Duration LOOKUP_WAIT = Duration.ofSeconds(5);
    static final Duration UNAVAILABLE_MEMORY = Duration.ofSeconds(30);
    private static final long FIRST_BACKOFF_MS = 100;

    private final URI base;
    private final Duration timeout;
    private final Duration lookupWait;
    private final HttpClient http;
    private volatile long unavailableUntilNanos = System.nanoTime();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<Integer, Long> unknownUntilNanos = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > MAX_REMEMBERED_UNKNOWN_IDS;
        }
    };

    public RestSchemaRegistry(URI base, Duration timeout) {
        this(base, timeout, LOOKUP_WAIT);
    }

    /** @param lookupWait how long a lookup by id waits, in all, for a registry that does not answer */
    RestSchemaRegistry(URI base, Duration timeout, Duration lookupWait) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.timeout = timeout;
        this.lookupWait = lookupWait;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    @Override
    public int register(String subject, Schema schema) {
        JsonNode answer = call(
                "POST",
                "subjects/" + encode(subject) + "/versions",
                json.createObjectNode().put("schema", schema.toString()).toString());
        if (!answer.path("id").canConvertToInt()) {
            throw new SchemaRegistryException(
                    "registering under " + subject + " at " + base + " gave no id: " + answer);
        }
        int id = answer.get("id").intValue();
        if (byId.size() < MAX_CACHED_SCHEMAS) {
            byId.putIfAbsent(
                    id, schema); // what we write, we read back without asking (the monitor reads our predictions)
        }
        return id;
    }

    @Override
    public Schema schema(int id) {
        Schema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        if (recentlyUnknown(id)) {
            throw new UnknownSchemaIdException(id);
        }
        HttpResponse<InputStream> response = lookup(id);
        if (response.statusCode() == 404) {
            closeQuietly(response.body());
            rememberUnknown(id);
            throw new UnknownSchemaIdException(id);
        }
        JsonNode answer = body(response, "schemas/ids/" + id);
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO") || !answer.path("schema").isTextual()) {
            rememberUnknown(id);
            throw new UnknownSchemaIdException(id); // a JSON Schema or Protobuf id is no Avro schema of ours
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(answer.get("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "schema " + id + " from " + base + " does not parse: " + e.getMessage(), e);
        }
        if (byId.size() < MAX_CACHED_SCHEMAS) {
            byId.put(id, schema);
        }
        return schema;
    }

    @Override
    public void setCompatibility(String subject, Compatibility level) {
        call(
                "PUT",
                "config/" + encode(subject),
                json.createObjectNode().put("compatibility", level.name()).toString());
    }

    /**
     * GET schemas/ids/ID, retried with backoff while the registry does not answer, for {@link #lookupWait} in all;
     * returns any answer but a transient failure.
     */
    private HttpResponse<InputStream> lookup(int id) {
        long now = System.nanoTime();
        if (now - unavailableUntilNanos < 0) {
            throw new SchemaRegistryUnavailableException("the schema registry at " + base + " did not answer lately; "
                    + "schema " + id + " is not in the cache");
        }
        long deadline = now + lookupWait.toNanos();
        long backoffMs = FIRST_BACKOFF_MS;
        String failure;
        while (true) {
            long left = deadline - System.nanoTime();
            Duration requestTimeout = Duration.ofNanos(Math.max(Math.min(timeout.toNanos(), left), 1_000_000));
            try {
                HttpResponse<InputStream> response = attempt(
                        HttpRequest.newBuilder(base.resolve("schemas/ids/" + Integer.toUnsignedString(id)))
                                .GET(),
                        requestTimeout);
                if (!isTransient(response.statusCode())) {
                    return response;
                }
                closeQuietly(response.body());
                failure = "HTTP " + response.statusCode();
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException(
                        "interrupted while asking the schema registry at " + base, e);
            }
            long sleepMs = Math.min(backoffMs, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (sleepMs <= 0) {
                unavailableUntilNanos = System.nanoTime() + UNAVAILABLE_MEMORY.toNanos();
                throw new SchemaRegistryUnavailableException("the schema registry at " + base + " did not answer "
                        + "schema " + id + " within " + lookupWait.toMillis() + " ms: " + failure);
            }
            try {
                Thread.sleep(sleepMs); // backoff between attempts at an unanswering registry, bounded by the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException(
                        "interrupted while waiting for the schema registry at " + base, e);
            }
            backoffMs *= 2;
        }
    }

    /** Answers that say "not now" rather than anything about the id: worth another try. */
    private static boolean isTransient(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    private JsonNode call(String method, String path, String requestBody) {
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(requestBody)));
        return body(response, method + " " + path);
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request) {
        try {
            return attempt(request, timeout);
        } catch (IOException e) {
            throw new SchemaRegistryException("the schema registry at " + base + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while asking the schema registry at " + base, e);
        }
    }

    /** One request with the registry's Accept header; what goes wrong is the caller's to name or retry. */
    private HttpResponse<InputStream> attempt(HttpRequest.Builder request, Duration requestTimeout)
            throws IOException, InterruptedException {
        return http.send(
                request.timeout(requestTimeout)
                        .header("Accept", CONTENT_TYPE + ", application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private JsonNode body(HttpResponse<InputStream> response, String what) {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        } catch (IOException e) {
            throw new SchemaRegistryException("reading the registry's answer to " + what + " failed: " + e, e);
        }
        String text = new String(bytes, 0, Math.min(bytes.length, MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw new SchemaRegistryException(
                    "the registry's answer to " + what + " is over " + MAX_RESPONSE_BYTES + " bytes");
        }
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException("the schema registry at " + base + " refused " + what + ": HTTP "
                    + response.statusCode() + " " + text.strip());
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new SchemaRegistryException("the registry's answer to " + what + " is not JSON: " + text.strip(), e);
        }
    }

    private boolean recentlyUnknown(int id) {
        synchronized (unknownUntilNanos) {
            Long until = unknownUntilNanos.get(id);
            return until != null && System.nanoTime() - until < 0;
        }
    }

    private void rememberUnknown(int id) {
        synchronized (unknownUntilNanos) {
            unknownUntilNanos.put(id, System.nanoTime() + UNKNOWN_ID_MEMORY.toNanos());
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the status said everything
        }
    }
}
