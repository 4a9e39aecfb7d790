package io.emotionstream.model.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher's reading of the models topic: every model, the same rules as a stream app's. */
class ModelsTopicFoldTest {
    private static final KeyPair KEY = SigningKeys.generate();
    private static final ReleaseSignatures.Signer SIGNER =
            ReleaseSignatures.Signer.of(KEY.getPrivate(), KEY.getPublic());
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    static Path registryDir;

    private static ModelBundle faces1;
    private static ModelBundle voices1;

    private final ModelsTopicFold fold = new ModelsTopicFold(
            ReleaseSignatures.TrustedKeys.of(List.of(KEY.getPublic())), name -> true, ModelsTopicFold.AliasGuard.NONE);

    @BeforeAll
    static void bundles() {
        ModelRegistry registry = new ModelRegistry(registryDir);
        faces1 = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 1),
                UntrainedManifest.draft("faces", CnnHyperparameters.SEED_JAFFE, 1));
        voices1 = registry.publish(
                SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 2),
                UntrainedManifest.draft("voices", CnnHyperparameters.SEED_JAFFE, 2));
    }

    private ModelsTopicFold.Outcome release(ModelBundle bundle, String key) {
        return fold.apply(key, Topics.releaseSerde().encode(SIGNER.sign(ModelReleases.fromBundle(bundle, T0))));
    }

    private ModelsTopicFold.Outcome alias(String name, Integer version, Instant at) {
        return fold.apply(
                Topics.aliasKey(name, ModelAlias.CHAMPION.name()),
                Topics.aliasSerde()
                        .encode(SIGNER.sign(new ModelAliasChange(name, ModelAlias.CHAMPION, version, at, null, null))));
    }

    @Test
    void shouldKeepTheReleasesAndAliasesOfEveryModel() {
        assertThat(release(faces1, Topics.releaseKey("faces", 1))).isInstanceOf(ModelsTopicFold.Outcome.Released.class);
        assertThat(release(voices1, Topics.releaseKey("voices", 1)))
                .isInstanceOf(ModelsTopicFold.Outcome.Released.class);
        assertThat(alias("voices", 1, T0)).isInstanceOf(ModelsTopicFold.Outcome.AliasMoved.class);

        assertThat(fold.releases("faces")).containsOnlyKeys(1);
        assertThat(fold.releases("voices")).containsOnlyKeys(1);
        assertThat(fold.alias("voices", ModelAlias.CHAMPION).map(ModelAliasChange::getVersion))
                .contains(1);
        assertThat(fold.alias("faces", ModelAlias.CHAMPION)).isEmpty();
    }

    @Test
    void shouldNotLetARecordUnderAnotherKeyOrAnAliasToNothingOrBackInTimeCount() {
        assertThat(release(faces1, Topics.releaseKey("faces", 7)))
                .isInstanceOfSatisfying(
                        ModelsTopicFold.Outcome.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.KEY_MISMATCH));
        assertThat(fold.releases("faces")).isEmpty();
        assertThat(alias("faces", 1, T0))
                .isInstanceOfSatisfying(
                        ModelsTopicFold.Outcome.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_VERSION));

        release(faces1, Topics.releaseKey("faces", 1));
        alias("faces", 1, T0.plusSeconds(60));
        assertThat(alias("faces", null, T0))
                .isInstanceOfSatisfying(
                        ModelsTopicFold.Outcome.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.STALE));
        assertThat(fold.alias("faces", ModelAlias.CHAMPION).map(ModelAliasChange::getVersion))
                .contains(1);
    }

    @Test
    void shouldRefuseJunkAndIgnoreTombstones() {
        assertThat(fold.apply("faces@1", "junk".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ModelsTopicFold.Outcome.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNDECODABLE));
        assertThat(fold.apply("faces@1", null)).isInstanceOf(ModelsTopicFold.Outcome.Ignored.class);
        assertThat(fold.releases("faces")).isEmpty();
        assertThat(Optional.of(fold.alias("faces", ModelAlias.CHALLENGER))).contains(Optional.empty());
    }
}
