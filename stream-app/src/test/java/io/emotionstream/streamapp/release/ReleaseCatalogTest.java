package io.emotionstream.streamapp.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.release.ModelReleases;
import io.emotionstream.model.release.RefusalReason;
import io.emotionstream.model.release.ReleaseSignatures;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseCatalogTest {
    private static final KeyPair KEY = SigningKeys.generate();
    private static final ReleaseSignatures.Signer SIGNER =
            ReleaseSignatures.Signer.of(KEY.getPrivate(), KEY.getPublic());
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    static Path registryDir;

    private static ModelBundle v1;
    private static ModelBundle v2;
    private static ModelBundle v3;

    @TempDir
    Path cache;

    @BeforeAll
    static void bundles() {
        ModelRegistry registry = new ModelRegistry(registryDir);
        v1 = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1),
                UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 1));
        v2 = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 2),
                UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 2));
        v3 = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 3),
                UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 3));
    }

    private ReleaseCatalog catalog() {
        return new ReleaseCatalog("faces", ReleaseSignatures.TrustedKeys.of(List.of(KEY.getPublic())), cache);
    }

    /** A record of the models topic: key and value, as a publisher writes them. */
    private record Rec(String key, byte[] value) {}

    private static Rec release(ModelBundle bundle) {
        return new Rec(
                Topics.releaseKey(bundle.name(), bundle.version()),
                Topics.releaseSerde().encode(SIGNER.sign(ModelReleases.fromBundle(bundle, T0))));
    }

    private static Rec alias(ModelAlias alias, Integer version, Instant at) {
        return new Rec(
                Topics.aliasKey("faces", alias.name()),
                Topics.aliasSerde().encode(SIGNER.sign(new ModelAliasChange("faces", alias, version, at, null, null))));
    }

    private static ReleaseCatalog.Outcome apply(ReleaseCatalog catalog, Rec record) {
        return catalog.apply(record.key(), record.value());
    }

    @Test
    void shouldSelectTheLatestPinnedOrAliasedVersion() {
        ReleaseCatalog catalog = catalog();
        apply(catalog, release(v1));
        apply(catalog, release(v2));
        apply(catalog, alias(ModelAlias.CHAMPION, 1, T0));

        assertThat(catalog.champion(new ModelSelector.Latest())).contains(2);
        assertThat(catalog.champion(new ModelSelector.Pinned(1))).contains(1);
        assertThat(catalog.champion(new ModelSelector.Pinned(7))).isEmpty();
        assertThat(catalog.champion(ModelSelector.parse("alias:champion"))).contains(1);
        assertThat(catalog.bundle(2)).get().extracting(ModelBundle::reference).isEqualTo("faces:2");
    }

    @Test
    void shouldRefuseAVersionReleasedAgainWithOtherBytes_andIgnoreAnIdenticalRepeat() {
        ReleaseCatalog catalog = catalog();
        apply(catalog, release(v1));
        // a different network claiming to be faces:1
        var impostor = ModelReleases.fromBundle(v2, T0);
        byte[] conflicting = Topics.releaseSerde()
                .encode(SIGNER.sign(ModelRelease.newBuilder(impostor)
                        .setVersion(1)
                        .setManifestJson(impostor.getManifestJson().replace("\"version\" : 2", "\"version\" : 1"))
                        .build()));

        assertThat(refused(catalog.apply(Topics.releaseKey("faces", 1), conflicting))
                        .reason())
                .isEqualTo(RefusalReason.VERSION_CONFLICT);
        assertThat(apply(catalog, release(v1))).isInstanceOf(ReleaseCatalog.Outcome.Ignored.class);
    }

    @Test
    void shouldRefuseAliasesToUnknownVersionsAndReplaysOfOlderChanges() {
        ReleaseCatalog catalog = catalog();
        apply(catalog, release(v1));
        apply(catalog, release(v2));
        apply(catalog, alias(ModelAlias.CHAMPION, 2, T0.plusSeconds(60)));

        assertThat(refused(apply(catalog, alias(ModelAlias.CHAMPION, 9, T0.plusSeconds(120))))
                        .reason())
                .isEqualTo(RefusalReason.UNKNOWN_VERSION);
        assertThat(refused(apply(catalog, alias(ModelAlias.CHAMPION, 1, T0))).reason())
                .isEqualTo(RefusalReason.STALE);
        assertThat(catalog.champion(ModelSelector.parse("alias:champion"))).contains(2);
    }

    @Test
    void shouldShadowScoreTheChallengerOnlyWhenItIsNotTheChampion() {
        ReleaseCatalog catalog = catalog();
        apply(catalog, release(v1));
        apply(catalog, release(v2));
        apply(catalog, alias(ModelAlias.CHALLENGER, 2, T0));

        assertThat(catalog.challenger(ModelSelector.parse("version:1"))).contains(2);
        assertThat(catalog.challenger(new ModelSelector.Latest()))
                .as("challenger is the champion")
                .isEmpty();

        apply(catalog, alias(ModelAlias.CHALLENGER, null, T0.plusSeconds(1)));
        assertThat(catalog.challenger(ModelSelector.parse("version:1"))).isEmpty();
    }

    @Test
    void shouldFallBackToThePreviousVersionWhenTheLatestCannotBeLoaded() {
        ReleaseCatalog catalog = catalog();
        apply(catalog, release(v1));
        apply(catalog, release(v2));
        apply(catalog, release(v3));

        catalog.markUnusable(3, RefusalReason.UNREADABLE_MODEL);

        assertThat(catalog.champion(new ModelSelector.Latest())).contains(2);
    }

    @Test
    void shouldIgnoreOtherModelsAndRefuseRecordsThatAreNotReleases() {
        ReleaseCatalog other =
                new ReleaseCatalog("someone-else", ReleaseSignatures.TrustedKeys.of(List.of(KEY.getPublic())), cache);

        assertThat(apply(other, release(v1))).isInstanceOf(ReleaseCatalog.Outcome.Ignored.class);
        assertThat(refused(other.apply("junk", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}))
                        .reason())
                .isEqualTo(RefusalReason.UNDECODABLE);
        assertThat(other.apply(Topics.releaseKey("faces", 1), null)).isInstanceOf(ReleaseCatalog.Outcome.Ignored.class);
        assertThat(other.champion(new ModelSelector.Latest())).isEqualTo(Optional.empty());
    }

    @Test
    void shouldRefuseAValidRecordUnderAnotherKey_whichCompactionWouldOtherwiseUseToDeleteARelease() {
        ReleaseCatalog catalog = catalog();

        // a correctly signed v2 written under v1's key: compaction would then drop the real v1
        assertThat(refused(catalog.apply(
                                Topics.releaseKey("faces", 1), release(v2).value()))
                        .reason())
                .isEqualTo(RefusalReason.KEY_MISMATCH);
        assertThat(refused(catalog.apply(
                                Topics.aliasKey("faces", "challenger"),
                                alias(ModelAlias.CHAMPION, 1, T0).value()))
                        .reason())
                .isEqualTo(RefusalReason.KEY_MISMATCH);
        assertThat(catalog.champion(new ModelSelector.Latest())).isEmpty();
    }

    @Test
    void shouldRefuseAReplayedOlderAliasAfterARestart_evenWhenCompactionLeftOnlyTheReplay() {
        // given an app that applied champion -> 2 (newer than champion -> 1)
        ReleaseCatalog before = catalog();
        apply(before, release(v1));
        apply(before, release(v2));
        apply(before, alias(ModelAlias.CHAMPION, 1, T0));
        apply(before, alias(ModelAlias.CHAMPION, 2, T0.plusSeconds(60)));

        // when it restarts and the topic, compacted, holds only a re-published (validly signed) champion -> 1
        ReleaseCatalog after = catalog();
        apply(after, release(v1));
        apply(after, release(v2));
        ReleaseCatalog.Outcome replay = apply(after, alias(ModelAlias.CHAMPION, 1, T0));

        // then the replay is refused and the alias does not roll back
        assertThat(refused(replay).reason()).isEqualTo(RefusalReason.STALE);
        assertThat(after.champion(ModelSelector.parse("alias:champion"))).isEmpty();
        assertThat(apply(after, alias(ModelAlias.CHAMPION, 2, T0.plusSeconds(60))))
                .isInstanceOf(ReleaseCatalog.Outcome.Accepted.class);
    }

    @Test
    void shouldNoticeACachedBundleChangedOnDisk_andReplaceAPlantedOneOnMaterialise() throws Exception {
        ReleaseCatalog catalog = catalog();
        apply(catalog, release(v1));
        assertThat(catalog.cacheIntact(1)).isTrue();

        // when someone rewrites the cached model file (manifest adjusted to match, as an attacker would)
        Path cached = catalog.bundle(1).orElseThrow().directory();
        Files.write(cached.resolve(ModelBundle.MODEL_FILE), new byte[] {1, 2, 3});

        // then the catalog sees it before any load
        assertThat(catalog.cacheIntact(1)).isFalse();

        // and a fresh app, finding the planted copy, replaces it with the signed bytes
        ReleaseCatalog fresh = catalog();
        apply(fresh, release(v1));
        assertThat(fresh.cacheIntact(1)).isTrue();
    }

    @Test
    void shouldRefuseAManifestWhoseModelFileLeavesTheBundleDirectory() {
        var release = ModelReleases.fromBundle(v1, T0);
        String escaping = release.getManifestJson().replace("\"model.zip\"", "\"../../../escaped.zip\"");
        byte[] value = Topics.releaseSerde()
                .encode(SIGNER.sign(ModelRelease.newBuilder(release)
                        .setManifestJson(escaping)
                        .build()));

        assertThat(escaping).contains("../../../escaped.zip");
        assertThat(refused(catalog().apply(Topics.releaseKey("faces", 1), value))
                        .reason())
                .isEqualTo(RefusalReason.BAD_MANIFEST);
        assertThat(cache.getParent().resolve("escaped.zip")).doesNotExist();
    }

    private static ReleaseCatalog.Outcome.Refused refused(ReleaseCatalog.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ReleaseCatalog.Outcome.Refused.class);
        return (ReleaseCatalog.Outcome.Refused) outcome;
    }
}
