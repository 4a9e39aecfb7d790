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
    private static final ReleaseSignatures.Signer SIGNER = ReleaseSignatures.Signer.of(KEY.getPrivate(), KEY.getPublic());
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
        v1 = registry.publish(SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1), UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 1));
        v2 = registry.publish(SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 2), UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 2));
        v3 = registry.publish(SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 3), UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 3));
    }

    private ReleaseCatalog catalog() {
        return new ReleaseCatalog("faces", ReleaseSignatures.TrustedKeys.of(List.of(KEY.getPublic())), cache);
    }

    private static byte[] release(ModelBundle bundle) {
        return Topics.releaseSerde().encode(SIGNER.sign(ModelReleases.fromBundle(bundle, T0)));
    }

    private static byte[] alias(ModelAlias alias, Integer version, Instant at) {
        return Topics.aliasSerde().encode(SIGNER.sign(new ModelAliasChange("faces", alias, version, at, null, null)));
    }

    @Test
    void shouldSelectTheLatestPinnedOrAliasedVersion() {
        ReleaseCatalog catalog = catalog();
        catalog.apply(release(v1));
        catalog.apply(release(v2));
        catalog.apply(alias(ModelAlias.CHAMPION, 1, T0));

        assertThat(catalog.champion(new ModelSelector.Latest())).contains(2);
        assertThat(catalog.champion(new ModelSelector.Pinned(1))).contains(1);
        assertThat(catalog.champion(new ModelSelector.Pinned(7))).isEmpty();
        assertThat(catalog.champion(ModelSelector.parse("alias:champion"))).contains(1);
        assertThat(catalog.bundle(2)).get().extracting(ModelBundle::reference).isEqualTo("faces:2");
    }

    @Test
    void shouldRefuseAVersionReleasedAgainWithOtherBytes_andIgnoreAnIdenticalRepeat() {
        ReleaseCatalog catalog = catalog();
        catalog.apply(release(v1));
        // a different network claiming to be faces:1
        var impostor = ModelReleases.fromBundle(v2, T0);
        byte[] conflicting = Topics.releaseSerde().encode(SIGNER.sign(io.emotionstream.schemas.model.ModelRelease.newBuilder(impostor)
                .setVersion(1).setManifestJson(impostor.getManifestJson().replace("\"version\" : 2", "\"version\" : 1")).build()));

        assertThat(refused(catalog.apply(conflicting)).reason()).isEqualTo(RefusalReason.VERSION_CONFLICT);
        assertThat(catalog.apply(release(v1))).isInstanceOf(ReleaseCatalog.Outcome.Ignored.class);
    }

    @Test
    void shouldRefuseAliasesToUnknownVersionsAndReplaysOfOlderChanges() {
        ReleaseCatalog catalog = catalog();
        catalog.apply(release(v1));
        catalog.apply(release(v2));
        catalog.apply(alias(ModelAlias.CHAMPION, 2, T0.plusSeconds(60)));

        assertThat(refused(catalog.apply(alias(ModelAlias.CHAMPION, 9, T0.plusSeconds(120)))).reason())
                .isEqualTo(RefusalReason.UNKNOWN_VERSION);
        assertThat(refused(catalog.apply(alias(ModelAlias.CHAMPION, 1, T0))).reason()).isEqualTo(RefusalReason.STALE);
        assertThat(catalog.champion(ModelSelector.parse("alias:champion"))).contains(2);
    }

    @Test
    void shouldShadowScoreTheChallengerOnlyWhenItIsNotTheChampion() {
        ReleaseCatalog catalog = catalog();
        catalog.apply(release(v1));
        catalog.apply(release(v2));
        catalog.apply(alias(ModelAlias.CHALLENGER, 2, T0));

        assertThat(catalog.challenger(ModelSelector.parse("version:1"))).contains(2);
        assertThat(catalog.challenger(new ModelSelector.Latest())).as("challenger is the champion").isEmpty();

        catalog.apply(alias(ModelAlias.CHALLENGER, null, T0.plusSeconds(1)));
        assertThat(catalog.challenger(ModelSelector.parse("version:1"))).isEmpty();
    }

    @Test
    void shouldFallBackToThePreviousVersionWhenTheLatestCannotBeLoaded() {
        ReleaseCatalog catalog = catalog();
        catalog.apply(release(v1));
        catalog.apply(release(v2));
        catalog.apply(release(v3));

        catalog.markUnusable(3, RefusalReason.UNREADABLE_MODEL);

        assertThat(catalog.champion(new ModelSelector.Latest())).contains(2);
    }

    @Test
    void shouldIgnoreOtherModelsAndRefuseRecordsThatAreNotReleases() {
        ReleaseCatalog other = new ReleaseCatalog("someone-else", ReleaseSignatures.TrustedKeys.of(List.of(KEY.getPublic())), cache);

        assertThat(other.apply(release(v1))).isInstanceOf(ReleaseCatalog.Outcome.Ignored.class);
        assertThat(refused(other.apply(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3})).reason()).isEqualTo(RefusalReason.UNDECODABLE);
        assertThat(other.apply(null)).isInstanceOf(ReleaseCatalog.Outcome.Ignored.class);
        assertThat(other.champion(new ModelSelector.Latest())).isEqualTo(Optional.empty());
    }

    private static ReleaseCatalog.Outcome.Refused refused(ReleaseCatalog.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ReleaseCatalog.Outcome.Refused.class);
        return (ReleaseCatalog.Outcome.Refused) outcome;
    }
}
