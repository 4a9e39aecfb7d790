package io.emotionstream.model.release;

import io.emotionstream.model.release.ReleaseSignatures.TrustedKeys;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelRelease;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The one reading of the models topic: which releases and alias changes count. Fed the records in topic order, it
 * keeps a record only when it decodes, is signed by a trusted key, sits under the key its signed content implies
 * ({@link Topics#releaseKey}, {@link Topics#aliasKey}: a valid record under another key would let compaction delete
 * the record that key belongs to), and agrees with what came before: a version is released once, an alias only
 * moves forward in time and only to a released version. The stream app's {@code ReleaseCatalog} folds one model's
 * records and adds its bundle cache and replay guard; the publisher folds every model's to see what is taken.
 */
public final class ModelsTopicFold {
    /** What one record did. */
    public sealed interface Outcome {
        /** A new verified release; {@code manifest} is its parsed manifest. */
        record Released(ModelRelease release, ModelManifest manifest) implements Outcome {}

        record AliasMoved(ModelAliasChange change) implements Outcome {}

        record Ignored(String why) implements Outcome {}

        record Refused(RefusalReason reason, String detail) implements Outcome {}
    }

    /** A last check before an alias change counts; the stream app's persisted replay guard. Empty: it counts. */
    @FunctionalInterface
    public interface AliasGuard {
        AliasGuard NONE = change -> Optional.empty();

        Optional<Outcome.Refused> check(ModelAliasChange change);
    }

    private final TrustedKeys trusted;
    private final Predicate<String> models;
    private final AliasGuard guard;
    private final Map<String, NavigableMap<Integer, ModelRelease>> releases = new HashMap<>();
    private final Map<String, Map<ModelAlias, ModelAliasChange>> aliases = new HashMap<>();

    /** @param models the model names to keep; records of others are {@link Outcome.Ignored} */
    public ModelsTopicFold(TrustedKeys trusted, Predicate<String> models, AliasGuard guard) {
        this.trusted = trusted;
        this.models = models;
        this.guard = guard;
    }

    public Outcome apply(String key, byte[] value) {
        if (value == null) {
            return new Outcome.Ignored("tombstone for " + key);
        }
        ModelsTopic.Entry entry = ModelsTopic.decode(value);
        if (entry instanceof ModelsTopic.Entry.Release r) {
            return apply(key, r.release());
        }
        if (entry instanceof ModelsTopic.Entry.Alias a) {
            return apply(key, a.change());
        }
        return new Outcome.Refused(RefusalReason.UNDECODABLE, ((ModelsTopic.Entry.Undecodable) entry).why());
    }

    private Outcome apply(String key, ModelRelease release) {
        if (!models.test(release.getName())) {
            return new Outcome.Ignored("release of another model: " + ModelReleases.describe(release));
        }
        ReleaseVerdict verdict = ModelReleases.check(release, trusted);
        if (verdict instanceof ReleaseVerdict.Refused refused) {
            return new Outcome.Refused(refused.reason(), refused.detail());
        }
        String expectedKey = Topics.releaseKey(release.getName(), release.getVersion());
        if (!expectedKey.equals(key)) {
            return new Outcome.Refused(
                    RefusalReason.KEY_MISMATCH,
                    ModelReleases.describe(release) + " under key '" + key + "', not '" + expectedKey + "'");
        }
        NavigableMap<Integer, ModelRelease> versions =
                releases.computeIfAbsent(release.getName(), n -> new TreeMap<>());
        ModelRelease known = versions.get(release.getVersion());
        if (known != null) {
            return known.getModelSha256().equals(release.getModelSha256())
                    ? new Outcome.Ignored("already have " + ModelReleases.describe(release))
                    : new Outcome.Refused(
                            RefusalReason.VERSION_CONFLICT,
                            ModelReleases.describe(release) + " was released before with sha256 "
                                    + known.getModelSha256() + "; versions are immutable");
        }
        versions.put(release.getVersion(), release);
        return new Outcome.Released(release, ((ReleaseVerdict.Accepted) verdict).manifest());
    }

    private Outcome apply(String key, ModelAliasChange change) {
        if (!models.test(change.getName())) {
            return new Outcome.Ignored("alias of another model: " + change.getName());
        }
        Optional<RefusalReason> signatureProblem = trusted.check(change);
        if (signatureProblem.isPresent()) {
            return new Outcome.Refused(signatureProblem.get(), "alias " + describe(change) + ": signature refused");
        }
        String expectedKey = Topics.aliasKey(change.getName(), change.getAlias().name());
        if (!expectedKey.equals(key)) {
            return new Outcome.Refused(
                    RefusalReason.KEY_MISMATCH,
                    "alias " + describe(change) + " under key '" + key + "', not '" + expectedKey + "'");
        }
        Map<ModelAlias, ModelAliasChange> current =
                aliases.computeIfAbsent(change.getName(), n -> new EnumMap<>(ModelAlias.class));
        ModelAliasChange previous = current.get(change.getAlias());
        if (previous != null && change.getChangedAt().isBefore(previous.getChangedAt())) {
            return new Outcome.Refused(
                    RefusalReason.STALE, "alias " + describe(change) + " is older than " + describe(previous));
        }
        Optional<Outcome.Refused> guarded = guard.check(change);
        if (guarded.isPresent()) {
            return guarded.get();
        }
        if (change.getVersion() != null && !releases(change.getName()).containsKey(change.getVersion())) {
            return new Outcome.Refused(
                    RefusalReason.UNKNOWN_VERSION,
                    "alias " + describe(change) + " names a version with no accepted release");
        }
        current.put(change.getAlias(), change);
        return new Outcome.AliasMoved(change);
    }

    /** The accepted releases of {@code name}, by version. */
    public NavigableMap<Integer, ModelRelease> releases(String name) {
        return Collections.unmodifiableNavigableMap(releases.getOrDefault(name, Collections.emptyNavigableMap()));
    }

    /** The alias's latest accepted change, if any. */
    public Optional<ModelAliasChange> alias(String name, ModelAlias alias) {
        return Optional.ofNullable(aliases.getOrDefault(name, Map.of()).get(alias));
    }

    public static String describe(ModelAliasChange change) {
        return change.getName() + "@" + change.getAlias().name().toLowerCase(Locale.ROOT) + " -> "
                + (change.getVersion() == null ? "none" : change.getVersion());
    }
}
