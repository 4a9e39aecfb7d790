package io.emotionstream.streamapp.monitor;

import io.emotionstream.schemas.events.ModelRole;
import java.util.Locale;

/** What one accuracy comparison is about: a model version in a role, and the attribute whose groups are compared. */
public record Scope(String modelName, int modelVersion, ModelRole role, String attribute) {
    private static final String SEPARATOR = "\u001f"; // cannot occur in names or attribute keys people type

    String encode() {
        return String.join(SEPARATOR, modelName, Integer.toString(modelVersion), role.name(), attribute);
    }

    static Scope decode(String key) {
        String[] parts = key.split(SEPARATOR, -1);
        return new Scope(parts[0], Integer.parseInt(parts[1]), ModelRole.valueOf(parts[2]), parts[3]);
    }

    /** Key prefix on the output topics: MODEL/VERSION/ROLE. */
    String path() {
        return modelName + "/" + modelVersion + "/" + role.name().toLowerCase(Locale.ROOT);
    }
}
