package io.emotionstream.streamapp.monitor;

import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.events.ModelRole;

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

    /** What the records on the bias topics are about ({@link BiasKeys}). */
    BiasKeys.Subject subject() {
        return new BiasKeys.Subject(modelName, modelVersion, role, attribute);
    }
}
