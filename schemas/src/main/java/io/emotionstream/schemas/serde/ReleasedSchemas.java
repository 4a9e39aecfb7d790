package io.emotionstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema each topic's records were ever released with, so readers resolve records written by older
 * producers (or older instances during a rolling upgrade) instead of dead-lettering them as {@code unknown_schema}.
 *
 * <p>The versions live in {@code io/emotionstream/schemas/history/NAME-vN.avsc}, self-contained (named types inlined),
 * N counting from 0. When a schema changes, its new form is added as the next version: {@code ReleasedSchemasTest}
 * fails until the current schema is the latest version on file, and reads a committed record of every version.
 */
public final class ReleasedSchemas implements SchemaStore {
    private static final String HISTORY = "/io/emotionstream/schemas/history/";
    private static final Map<String, ReleasedSchemas> LOADED = new ConcurrentHashMap<>();

    private final SchemaStore.Cache cache = new SchemaStore.Cache();
    private final List<Schema> versions;

    private ReleasedSchemas(List<Schema> versions) {
        this.versions = List.copyOf(versions);
        versions.forEach(cache::addSchema);
    }

    /** The released versions of record {@code name} (its simple name, e.g. {@code FaceImageEvent}), oldest first. */
    public static ReleasedSchemas of(String name) {
        return LOADED.computeIfAbsent(name, ReleasedSchemas::load);
    }

    private static ReleasedSchemas load(String name) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 0; ; v++) {
            try (InputStream in = ReleasedSchemas.class.getResourceAsStream(HISTORY + name + "-v" + v + ".avsc")) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + name + " v" + v, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException(
                    "no released schema on file for " + name + " (" + HISTORY + name + "-v0.avsc)");
        }
        return new ReleasedSchemas(versions);
    }

    public List<Schema> versions() {
        return versions;
    }

    /** The version a fingerprint belongs to, or -1. */
    public int versionOf(long fingerprint) {
        for (int v = 0; v < versions.size(); v++) {
            if (SchemaNormalization.parsingFingerprint64(versions.get(v)) == fingerprint) {
                return v;
            }
        }
        return -1;
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return cache.findByFingerprint(fingerprint);
    }
}
