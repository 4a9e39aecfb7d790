package io.emotionstream.trainer.release;

import io.emotionstream.model.release.ModelsTopicFold;
import io.emotionstream.model.release.ReleaseSignatures.TrustedKeys;
import io.emotionstream.platform.kafka.TopicReader;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * What the models topic holds right now, as a publisher sees it: per model name, the released versions and the
 * aliases. Read from the beginning to the end offsets at the time of the call (not followed), through the same
 * {@link ModelsTopicFold} the stream apps use, with the publisher's own keys as the trusted ones: anybody can write
 * junk to the topic, and a forged "release" must not make the real one look taken.
 */
public final class ModelsTopicState {
    private final ModelsTopicFold fold;

    private ModelsTopicState(ModelsTopicFold fold) {
        this.fold = fold;
    }

    public static ModelsTopicState read(
            Map<String, Object> clientProperties, String topic, TrustedKeys trusted, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.putAll(ModelsTopic.consumerSettings());
        ModelsTopicFold fold = new ModelsTopicFold(trusted, name -> true, ModelsTopicFold.AliasGuard.NONE);
        // records that do not count (undecodable, unsigned, stale) teach a publisher nothing: the fold's outcome is
        // dropped
        TopicReader.readToEnd(
                settings,
                topic,
                timeout,
                record -> fold.apply(
                        record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8), record.value()));
        return new ModelsTopicState(fold);
    }

    public Optional<String> sha256(String name, int version) {
        return Optional.ofNullable(fold.releases(name).get(version)).map(ModelRelease::getModelSha256);
    }

    public Optional<Integer> latestVersion(String name) {
        NavigableMap<Integer, ModelRelease> versions = fold.releases(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastKey());
    }

    public Optional<Integer> alias(String name, ModelAlias alias) {
        return fold.alias(name, alias).map(ModelAliasChange::getVersion);
    }
}
