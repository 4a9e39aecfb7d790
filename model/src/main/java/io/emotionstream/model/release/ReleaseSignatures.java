package io.emotionstream.model.release;

import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import io.emotionstream.schemas.model.ReleaseSignature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What exactly is signed on the models topic, and how it is checked. The payload is a small text naming every
 * field a reader acts on (the manifest and the model enter through their SHA-256), with a domain line so a
 * release signature can never pass as an alias signature or vice versa.
 */
public final class ReleaseSignatures {
    private ReleaseSignatures() {}

    static byte[] payload(ModelRelease release) {
        return ("emotion-stream model release v1\n"
                        + "name=" + release.getName() + "\n"
                        + "version=" + release.getVersion() + "\n"
                        + "createdAt=" + release.getCreatedAt().toEpochMilli() + "\n"
                        + "manifest-sha256="
                        + Sha256.of(release.getManifestJson().getBytes(StandardCharsets.UTF_8)) + "\n"
                        + "model-sha256=" + release.getModelSha256() + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] payload(ModelAliasChange change) {
        return ("emotion-stream model alias v1\n"
                        + "name=" + change.getName() + "\n"
                        + "alias=" + change.getAlias() + "\n"
                        + "version=" + (change.getVersion() == null ? "none" : change.getVersion()) + "\n"
                        + "changedAt=" + change.getChangedAt().toEpochMilli() + "\n"
                        + "reason=" + (change.getReason() == null ? "" : change.getReason()) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A publisher's private key. */
    public record Signer(PrivateKey key, String keyId) {
        public static Signer of(PrivateKey key, PublicKey publicKey) {
            return new Signer(key, SigningKeys.keyId(publicKey));
        }

        public ModelRelease sign(ModelRelease release) {
            return ModelRelease.newBuilder(release)
                    .setSignature(signature(payload(release)))
                    .build();
        }

        public ModelAliasChange sign(ModelAliasChange change) {
            return ModelAliasChange.newBuilder(change)
                    .setSignature(signature(payload(change)))
                    .build();
        }

        private ReleaseSignature signature(byte[] payload) {
            try {
                Signature ed25519 = Signature.getInstance(SigningKeys.ALGORITHM);
                ed25519.initSign(key);
                ed25519.update(payload);
                return new ReleaseSignature(SigningKeys.ALGORITHM, keyId, ByteBuffer.wrap(ed25519.sign()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign with " + keyId + ": " + e.getMessage(), e);
            }
        }
    }

    /** The public keys a reader trusts, by key id. */
    public record TrustedKeys(Map<String, PublicKey> byId) {
        public static TrustedKeys of(Collection<PublicKey> keys) {
            Map<String, PublicKey> byId = new LinkedHashMap<>();
            keys.forEach(k -> byId.put(SigningKeys.keyId(k), k));
            return new TrustedKeys(Map.copyOf(byId));
        }

        public Optional<RefusalReason> check(ModelRelease release) {
            return check(payload(release), release.getSignature());
        }

        public Optional<RefusalReason> check(ModelAliasChange change) {
            return check(payload(change), change.getSignature());
        }

        private Optional<RefusalReason> check(byte[] payload, ReleaseSignature signature) {
            if (signature == null) {
                return Optional.of(RefusalReason.UNSIGNED);
            }
            PublicKey key = byId.get(signature.getKeyId());
            if (key == null || !SigningKeys.ALGORITHM.equals(signature.getAlgorithm())) {
                return Optional.of(RefusalReason.UNKNOWN_KEY);
            }
            try {
                Signature ed25519 = Signature.getInstance(SigningKeys.ALGORITHM);
                ed25519.initVerify(key);
                ed25519.update(payload);
                ByteBuffer value = signature.getValue().duplicate();
                byte[] bytes = new byte[value.remaining()];
                value.get(bytes);
                return ed25519.verify(bytes) ? Optional.empty() : Optional.of(RefusalReason.BAD_SIGNATURE);
            } catch (GeneralSecurityException e) {
                return Optional.of(RefusalReason.BAD_SIGNATURE);
            }
        }
    }
}
