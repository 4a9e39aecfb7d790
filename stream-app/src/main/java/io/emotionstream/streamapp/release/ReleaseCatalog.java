package io.emotionstream.streamapp.release;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.release.ModelReleases;
import io.emotionstream.model.release.RefusalReason;
import io.emotionstream.model.release.ReleaseSignatures.TrustedKeys;
import io.emotionstream.model.release.ReleaseVerdict;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What a stream app knows from the models topic about the model it follows: the verified releases (unpacked as
 * bundles under a cache directory) and the current aliases. Pure bookkeeping, no Kafka: {@link ModelFollower}
 * feeds it records in topic order and asks it which versions should serve.
 */
public final class ReleaseCatalog {
    /** What applying one record did. */
    public sealed interface Outcome {
        record Accepted(String what) implements Outcome {
        }

        record Ignored(String why) implements Outcome {
        }

        record Refused(RefusalReason reason, String detail) implements Outcome {
        }
    }

    /** A verified release: what was signed (to check the cache against before each use) and its bundle on disk. */
    private record Release(String sha256, String manifestJson, ModelBundle bundle) {
    }

    private final String modelName;
    private final TrustedKeys trusted;
    private final Path cacheDir;
    private final NavigableMap<Integer, Release> releases = new TreeMap<>();
    private final Map<Integer, RefusalReason> unusable = new HashMap<>();
    private final Map<ModelAlias, ModelAliasChange> aliases = new EnumMap<>(ModelAlias.class);
    private final AliasWatermarks watermarks;

    /** {@code cacheDir} holds the unpacked releases and the alias watermarks ({@link AliasWatermarks}). */
    public ReleaseCatalog(String modelName, TrustedKeys trusted, Path cacheDir) {
        this.modelName = modelName;
        this.trusted = trusted;
        this.cacheDir = cacheDir;
        this.watermarks = AliasWatermarks.load(cacheDir.resolve(modelName).resolve("alias-watermarks.properties"));
    }

    public String modelName() {
        return modelName;
    }

    /**
     * Applies one record of the models topic. {@code key} must be the one the record's signed content implies
     * ({@link Topics#releaseKey}, {@link Topics#aliasKey}): a valid record under another key would let compaction
     * delete the record that key belongs to.
     */
    public Outcome apply(String key, byte[] value) {
        if (value == null) {
            return new Outcome.Ignored("tombstone for " + key);
        }
        try {
            return apply(key, Topics.releaseSerde().decode(value));
        } catch (SerializationException notARelease) {
            try {
                return apply(key, Topics.aliasSerde().decode(value));
            } catch (SerializationException notAnAlias) {
                return new Outcome.Refused(RefusalReason.UNDECODABLE, "neither a ModelRelease nor a ModelAliasChange: "
                        + notARelease.getMessage());
            }
        }
    }

    private Outcome apply(String key, ModelRelease release) {
        if (!release.getName().equals(modelName)) {
            return new Outcome.Ignored("release of another model: " + ModelReleases.describe(release));
        }
        ReleaseVerdict verdict = ModelReleases.check(release, trusted);
        if (verdict instanceof ReleaseVerdict.Refused refused) {
            return new Outcome.Refused(refused.reason(), refused.detail());
        }
        String expectedKey = Topics.releaseKey(release.getName(), release.getVersion());
        if (!expectedKey.equals(key)) {
            return new Outcome.Refused(RefusalReason.KEY_MISMATCH, ModelReleases.describe(release) + " under key '"
                    + key + "', not '" + expectedKey + "'");
        }
        Release known = releases.get(release.getVersion());
        if (known != null) {
            return known.sha256().equals(release.getModelSha256())
                    ? new Outcome.Ignored("already have " + ModelReleases.describe(release))
                    : new Outcome.Refused(RefusalReason.VERSION_CONFLICT, ModelReleases.describe(release)
                            + " was released before with sha256 " + known.sha256() + "; versions are immutable");
        }
        var manifest = ((ReleaseVerdict.Accepted) verdict).manifest();
        ModelBundle bundle = ModelReleases.materialize(release, manifest, cacheDir);
        releases.put(release.getVersion(), new Release(release.getModelSha256(), release.getManifestJson(), bundle));
        return new Outcome.Accepted("release " + ModelReleases.describe(release));
    }

    private Outcome apply(String key, ModelAliasChange change) {
        if (!change.getName().equals(modelName)) {
            return new Outcome.Ignored("alias of another model: " + change.getName());
        }
        var signatureProblem = trusted.check(change);
        if (signatureProblem.isPresent()) {
            return new Outcome.Refused(signatureProblem.get(), "alias " + describe(change) + ": signature refused");
        }
        String expectedKey = Topics.aliasKey(change.getName(), change.getAlias().name());
        if (!expectedKey.equals(key)) {
            return new Outcome.Refused(RefusalReason.KEY_MISMATCH, "alias " + describe(change) + " under key '" + key
                    + "', not '" + expectedKey + "'");
        }
        ModelAliasChange current = aliases.get(change.getAlias());
        if (current != null && change.getChangedAt().isBefore(current.getChangedAt())) {
            return new Outcome.Refused(RefusalReason.STALE, "alias " + describe(change) + " is older than "
                    + describe(current));
        }
        Optional<Long> newestEver = watermarks.newest(change.getAlias());
        if (newestEver.isPresent() && change.getChangedAt().toEpochMilli() < newestEver.get()) {
            return new Outcome.Refused(RefusalReason.STALE, "alias " + describe(change) + " is older than the newest "
                    + "change this app applied (" + java.time.Instant.ofEpochMilli(newestEver.get()) + "): a replay");
        }
        if (change.getVersion() != null && !releases.containsKey(change.getVersion())) {
            return new Outcome.Refused(RefusalReason.UNKNOWN_VERSION, "alias " + describe(change)
                    + " names a version with no accepted release");
        }
        aliases.put(change.getAlias(), change);
        watermarks.advance(change.getAlias(), change.getChangedAt().toEpochMilli());
        return new Outcome.Accepted("alias " + describe(change));
    }

    /** The version that should serve as champion, if any is usable. */
    public Optional<Integer> champion(ModelSelector selector) {
        if (selector instanceof ModelSelector.Pinned pinned) {
            return Optional.of(pinned.version()).filter(this::usable);
        }
        if (selector instanceof ModelSelector.Alias alias) {
            return aliasTarget(alias.alias());
        }
        return releases.descendingKeySet().stream().filter(this::usable).findFirst();
    }

    /** The version to score in shadow: the challenger alias, unless it is the champion itself. */
    public Optional<Integer> challenger(ModelSelector selector) {
        Optional<Integer> champion = champion(selector);
        return aliasTarget(ModelAlias.CHALLENGER).filter(v -> !Optional.of(v).equals(champion));
    }

    public Optional<ModelBundle> bundle(int version) {
        return Optional.ofNullable(releases.get(version)).map(Release::bundle);
    }

    /** True when the bundle of {@code version} on disk is still byte for byte what was signed. */
    public boolean cacheIntact(int version) {
        Release release = releases.get(version);
        return release != null && ModelReleases.matchesSigned(release.bundle().directory(), release.manifestJson(),
                release.sha256(), release.bundle().manifest().getModelFile());
    }

    /** A release that verified but failed to load (e.g. bytes that are not a network): never selected again. */
    public void markUnusable(int version, RefusalReason reason) {
        unusable.put(version, reason);
    }

    private Optional<Integer> aliasTarget(ModelAlias alias) {
        return Optional.ofNullable(aliases.get(alias)).map(ModelAliasChange::getVersion).filter(this::usable);
    }

    private boolean usable(int version) {
        return releases.containsKey(version) && !unusable.containsKey(version);
    }

    private static String describe(ModelAliasChange change) {
        return change.getName() + "@" + change.getAlias().name().toLowerCase(java.util.Locale.ROOT) + " -> "
                + (change.getVersion() == null ? "none" : change.getVersion());
    }
}
