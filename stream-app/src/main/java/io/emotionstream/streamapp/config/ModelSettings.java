package io.emotionstream.streamapp.config;

import io.emotionstream.streamapp.release.ModelSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the served models come from.
 *
 * @param source       {@code registry}: a local bundle directory or registry; {@code topic}: signed releases on the
 *                     models topic, followed live (hot swap)
 * @param registry     local registry directory (registry source)
 * @param name         registry source: {@code NAME[:VERSION]} or a bundle directory (empty: the only model);
 *                     topic source: the model name to follow (required)
 * @param challenger   registry source only: {@code NAME:VERSION} scored in shadow (empty: none); on the topic the
 *                     challenger is the {@code challenger} alias
 * @param selector     topic source: which version is champion
 * @param trustedKeys  topic source: Ed25519 public key files whose signatures are accepted
 * @param cacheDir     topic source: where verified releases are unpacked as bundles
 */
public record ModelSettings(
        Source source,
        Path registry,
        String name,
        String challenger,
        ModelSelector selector,
        List<Path> trustedKeys,
        Path cacheDir) {
    public enum Source {
        REGISTRY,
        TOPIC
    }

    public ModelSettings {
        trustedKeys = List.copyOf(trustedKeys);
        if (source == Source.TOPIC) {
            if (name.isEmpty()) {
                throw new ConfigException("model.source=topic needs model=NAME, the model name to follow");
            }
            if (trustedKeys.isEmpty()) {
                throw new ConfigException("model.source=topic needs model.trusted.keys=FILE[,FILE]: releases are only "
                        + "accepted with a trusted signature (./emotion-stream trainer keygen makes a key pair)");
            }
            for (Path key : trustedKeys) {
                if (!Files.isReadable(key)) {
                    throw new ConfigException("model.trusted.keys: cannot read " + key);
                }
            }
        }
    }
}
