package io.emotionstream.model.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReleasesTest {
    private static final KeyPair PUBLISHER = SigningKeys.generate();
    private static final KeyPair STRANGER = SigningKeys.generate();
    private static final ReleaseSignatures.Signer SIGNER =
            ReleaseSignatures.Signer.of(PUBLISHER.getPrivate(), PUBLISHER.getPublic());
    private static final ReleaseSignatures.TrustedKeys TRUSTED =
            ReleaseSignatures.TrustedKeys.of(List.of(PUBLISHER.getPublic()));

    @TempDir
    static Path registryDir;

    private static ModelBundle bundle;

    @BeforeAll
    static void publishBundle() {
        bundle = new ModelRegistry(registryDir)
                .publish(
                        SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 5),
                        UntrainedManifest.draft("release-test", CnnHyperparameters.SEED_JAFFE, 5));
    }

    private static ModelRelease signedRelease() {
        return SIGNER.sign(ModelReleases.fromBundle(bundle, Instant.parse("2026-11-24T10:00:00Z")));
    }

    @Test
    void shouldAcceptASignedReleaseAndUnpackItAsALoadableBundle(@TempDir Path cache) {
        ModelRelease release = signedRelease();

        ReleaseVerdict verdict = ModelReleases.check(release, TRUSTED);

        assertThat(verdict).isInstanceOf(ReleaseVerdict.Accepted.class);
        var manifest = ((ReleaseVerdict.Accepted) verdict).manifest();
        ModelBundle unpacked = ModelReleases.materialize(release, manifest, cache);
        assertThat(unpacked.reference()).isEqualTo(bundle.reference());
        assertThat(unpacked.loadNetwork().numParams()).isEqualTo(609_094);
        assertThat(release.getModel().remaining()).isBetween(2_000_000, 3_000_000);
    }

    @Test
    void shouldRefuseAnUnsignedRelease() {
        ModelRelease unsigned = ModelReleases.fromBundle(bundle, Instant.now());

        assertThat(refusal(ModelReleases.check(unsigned, TRUSTED))).isEqualTo(RefusalReason.UNSIGNED);
    }

    @Test
    void shouldRefuseAReleaseSignedByAnUntrustedKey() {
        var stranger = ReleaseSignatures.Signer.of(STRANGER.getPrivate(), STRANGER.getPublic());
        ModelRelease release = stranger.sign(ModelReleases.fromBundle(bundle, Instant.now()));

        assertThat(refusal(ModelReleases.check(release, TRUSTED))).isEqualTo(RefusalReason.UNKNOWN_KEY);
    }

    @Test
    void shouldRefuseAForgedSignature() {
        // given a stranger's signature presented under the publisher's key id
        var forger = new ReleaseSignatures.Signer(STRANGER.getPrivate(), SigningKeys.keyId(PUBLISHER.getPublic()));
        ModelRelease forged = forger.sign(ModelReleases.fromBundle(bundle, Instant.now()));

        assertThat(refusal(ModelReleases.check(forged, TRUSTED))).isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseASignedReleaseWhoseSignedFieldsWereAltered() {
        ModelRelease altered =
                ModelRelease.newBuilder(signedRelease()).setVersion(99).build();

        assertThat(refusal(ModelReleases.check(altered, TRUSTED))).isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseCorruptModelBytes() {
        ModelRelease release = signedRelease();
        byte[] bytes = new byte[release.getModel().remaining()];
        release.getModel().duplicate().get(bytes);
        bytes[bytes.length / 2] ^= 0x5A;

        ModelRelease corrupt = ModelRelease.newBuilder(release)
                .setModel(ByteBuffer.wrap(bytes))
                .build();

        assertThat(refusal(ModelReleases.check(corrupt, TRUSTED))).isEqualTo(RefusalReason.CHECKSUM_MISMATCH);
    }

    @Test
    void shouldRefuseASignedReleaseWithTheWrongLabelSet() {
        ModelRelease base = ModelReleases.fromBundle(bundle, Instant.now());
        String manifest = base.getManifestJson().replace("\"anger\"", "\"contempt\"");
        ModelRelease release = SIGNER.sign(
                ModelRelease.newBuilder(base).setManifestJson(manifest).build());

        assertThat(refusal(ModelReleases.check(release, TRUSTED))).isEqualTo(RefusalReason.WRONG_LABELS);
    }

    @Test
    void shouldRefuseASignedReleaseWithTheWrongInputShape() {
        ModelRelease base = ModelReleases.fromBundle(bundle, Instant.now());
        String manifest = base.getManifestJson().replace("\"height\" : 48", "\"height\" : 64");
        ModelRelease release = SIGNER.sign(
                ModelRelease.newBuilder(base).setManifestJson(manifest).build());

        assertThat(manifest).isNotEqualTo(base.getManifestJson());
        assertThat(refusal(ModelReleases.check(release, TRUSTED))).isEqualTo(RefusalReason.WRONG_SHAPE);
    }

    @Test
    void shouldSignAliasChangesSoThatTheyCannotBeRetargeted() {
        ModelAliasChange change = SIGNER.sign(new ModelAliasChange(
                "release-test", ModelAlias.CHAMPION, 1, Instant.parse("2026-11-24T10:00:00Z"), "first", null));

        assertThat(TRUSTED.check(change)).isEmpty();
        assertThat(TRUSTED.check(
                        ModelAliasChange.newBuilder(change).setVersion(2).build()))
                .contains(RefusalReason.BAD_SIGNATURE);
        assertThat(TRUSTED.check(
                        ModelAliasChange.newBuilder(change).setSignature(null).build()))
                .contains(RefusalReason.UNSIGNED);
    }

    @Test
    void shouldRoundTripKeyFilesAndRefuseToOverwriteThem(@TempDir Path dir) throws Exception {
        Path privateKey = dir.resolve("release.key");
        Path publicKey = dir.resolve("release.pub");

        SigningKeys.write(PUBLISHER, privateKey, publicKey);

        assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(SigningKeys.readPublic(publicKey)).isEqualTo(PUBLISHER.getPublic());
        var fromFiles =
                ReleaseSignatures.Signer.of(SigningKeys.readPrivate(privateKey), SigningKeys.readPublic(publicKey));
        assertThat(ModelReleases.check(fromFiles.sign(ModelReleases.fromBundle(bundle, Instant.now())), TRUSTED))
                .isInstanceOf(ReleaseVerdict.Accepted.class);
        assertThatThrownBy(() -> SigningKeys.write(STRANGER, privateKey, publicKey))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> SigningKeys.readPublic(privateKey)).hasMessageContaining("not an Ed25519 public key");
    }

    private static RefusalReason refusal(ReleaseVerdict verdict) {
        assertThat(verdict).isInstanceOf(ReleaseVerdict.Refused.class);
        return ((ReleaseVerdict.Refused) verdict).reason();
    }
}
