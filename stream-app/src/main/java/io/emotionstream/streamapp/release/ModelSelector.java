package io.emotionstream.streamapp.release;

import io.emotionstream.schemas.model.ModelAlias;
import java.util.Locale;

/**
 * Which released version serves as champion: {@code latest} (the highest accepted version), {@code version:N}
 * (pinned), or {@code alias:champion} / {@code alias:challenger} (whatever {@code trainer promote} last set).
 */
public sealed interface ModelSelector {
    record Latest() implements ModelSelector {
        @Override
        public String toString() {
            return "latest";
        }
    }

    record Pinned(int version) implements ModelSelector {
        @Override
        public String toString() {
            return "version:" + version;
        }
    }

    record Alias(ModelAlias alias) implements ModelSelector {
        @Override
        public String toString() {
            return "alias:" + alias.name().toLowerCase(Locale.ROOT);
        }
    }

    static ModelSelector parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("latest")) {
            return new Latest();
        }
        if (t.startsWith("version:")) {
            try {
                int version = Integer.parseInt(t.substring("version:".length()));
                if (version > 0) {
                    return new Pinned(version);
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        if (t.startsWith("alias:")) {
            for (ModelAlias alias : ModelAlias.values()) {
                if (alias.name().equalsIgnoreCase(t.substring("alias:".length()))) {
                    return new Alias(alias);
                }
            }
        }
        throw new IllegalArgumentException(
                "model.selector must be latest, version:N or alias:champion|challenger, not '" + text + "'");
    }
}
