package io.emotionstream.fairness;

import io.emotionstream.schemas.BiasKeys;

/** What one champion-vs-challenger comparison is about: a model's two versions, and the attribute whose groups are compared. */
public record Comparison(String modelName, int championVersion, int challengerVersion, String attribute) {
    private static final String SEPARATOR = "\u001f";

    public String encode() {
        return String.join(
                SEPARATOR,
                modelName,
                Integer.toString(championVersion),
                Integer.toString(challengerVersion),
                attribute);
    }

    public static Comparison decode(String key) {
        String[] parts = key.split(SEPARATOR, -1);
        return new Comparison(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3]);
    }

    public String key() {
        return BiasKeys.comparison(modelName, championVersion, challengerVersion, attribute);
    }
}
