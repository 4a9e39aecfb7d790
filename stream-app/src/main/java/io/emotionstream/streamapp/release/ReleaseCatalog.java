package io.emotionstream.streamapp.release;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.release.ModelReleases;
import io.emotionstream.model.release.ModelsTopicFold;
import io.emotionstream.model.release.RefusalReason;
import io.emotionstream.model.release.ReleaseSignatures.TrustedKeys;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a stream app knows from the models topic about the model it follows: the verified releases (unpacked as
 * bundles under a cache directory) and the current aliases. Pure bookkeeping, no Kafka: {@link ModelFollower}
 * feeds it records in topic order and asks it which versions should serve. Which records count is the
 * {@link ModelsTopicFold}'s call (the same one the publisher makes); this adds the bundle cache, the persisted
 * replay guard ({@link AliasWatermarks}) and the versions found unusable.
 */
public final class ReleaseCatalog {
    /** What applying one record did. */
    public sealed interface Outcome {
        record Accepted(String what) implements Outcome {}

        record Ignored(String why) implements Outcome {}

        record Refused(RefusalReason reason, String detail) implements Outcome {}
    }

    /** A verified release: what was signed (to check the cache against before each use) and its bundle on disk. */
    private record Release(String sha256, String manifestJson, ModelBundle bundle) {}

    private final String modelName;
    private final Path cacheDir;
    private final ModelsTopicFold fold;
    private final Map<Integer, Release> bundles = new HashMap<>();
    private final Map<Integer, RefusalReason> unusable = new HashMap<>();
    private final AliasWatermarks watermarks;

    /** {@code cacheDir} holds the unpacked releases and the alias watermarks ({@link AliasWatermarks}). */
    public ReleaseCatalog(String modelName, TrustedKeys trusted, Path cacheDir) {
        this.modelName = modelName;
        this.cacheDir = cacheDir;
        this.watermarks = AliasWatermarks.load(cacheDir.resolve(modelName).resolve("alias-watermarks.properties"));
        this.fold = new ModelsTopicFold(trusted, modelName::equals, this::replayed);
    }

    public String modelName() {
        return modelName;
    }

    /** Applies one record of the models topic (key and value as read). */
    public Outcome apply(String key, byte[] value) {
        ModelsTopicFold.Outcome outcome = fold.apply(key, value);
        if (outcome instanceof ModelsTopicFold.Outcome.Released released) {
            ModelRelease release = released.release();
            ModelBundle bundle = ModelReleases.materialize(release, released.manifest(), cacheDir);
            bundles.put(release.getVersion(), new Release(release.getModelSha256(), release.getManifestJson(), bundle));
            return new Outcome.Accepted("release " + ModelReleases.describe(release));
        }
        if (outcome instanceof ModelsTopicFold.Outcome.AliasMoved moved) {
            watermarks.advance(
                    moved.change().getAlias(), moved.change().getChangedAt().toEpochMilli());
            return new Outcome.Accepted("alias " + ModelsTopicFold.describe(moved.change()));
        }
        if (outcome instanceof ModelsTopicFold.Outcome.Refused refused) {
            return new Outcome.Refused(refused.reason(), refused.detail());
        }
        return new Outcome.Ignored(((ModelsTopicFold.Outcome.Ignored) outcome).why());
    }

    /** Refuses an alias change older than the newest this app ever applied: a replay, even after compaction. */
    private Optional<ModelsTopicFold.Outcome.Refused> replayed(ModelAliasChange change) {
        Optional<Long> newestEver = watermarks.newest(change.getAlias());
        if (newestEver.isPresent() && change.getChangedAt().toEpochMilli() < newestEver.get()) {
            return Optional.of(new ModelsTopicFold.Outcome.Refused(
                    RefusalReason.STALE,
                    "alias "
                            + ModelsTopicFold.describe(change) + " is older than the newest change this app applied ("
                            + Instant.ofEpochMilli(newestEver.get()) + "): a replay"));
        }
        return Optional.empty();
    }

    /** The version that should serve as champion, if any is usable. */
    public Optional<Integer> champion(ModelSelector selector) {
        if (selector instanceof ModelSelector.Pinned pinned) {
            return Optional.of(pinned.version()).filter(this::usable);
        }
        if (selector instanceof ModelSelector.Alias alias) {
            return aliasTarget(alias.alias());
        }
        return fold.releases(modelName).descendingKeySet().stream()
                .filter(this::usable)
                .findFirst();
    }

    /** The version to score in shadow: the challenger alias, unless it is the champion itself. */
    public Optional<Integer> challenger(ModelSelector selector) {
        Optional<Integer> champion = champion(selector);
        return aliasTarget(ModelAlias.CHALLENGER).filter(v -> !Optional.of(v).equals(champion));
    }

    public Optional<ModelBundle> bundle(int version) {
        return Optional.ofNullable(bundles.get(version)).map(Release::bundle);
    }

    /** True when the bundle of {@code version} on disk is still byte for byte what was signed. */
    public boolean cacheIntact(int version) {
        Release release = bundles.get(version);
        return release != null
                && ModelReleases.matchesSigned(
                        release.bundle().directory(),
                        release.manifestJson(),
                        release.sha256(),
                        release.bundle().manifest().getModelFile());
    }

    /** A release that verified but failed to load (e.g. bytes that are not a network): never selected again. */
    public void markUnusable(int version, RefusalReason reason) {
        unusable.put(version, reason);
    }

    private Optional<Integer> aliasTarget(ModelAlias alias) {
        return fold.alias(modelName, alias).map(ModelAliasChange::getVersion).filter(this::usable);
    }

    /** Released, unpacked, and not found unusable. */
    private boolean usable(int version) {
        return bundles.containsKey(version) && !unusable.containsKey(version);
    }
}
