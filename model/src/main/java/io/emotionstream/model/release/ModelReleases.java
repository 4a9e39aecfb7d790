package io.emotionstream.model.release;

import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.model.bundle.ManifestJson;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.schemas.model.ModelManifest;
import io.emotionstream.schemas.model.ModelRelease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;

/** Turns a bundle into a release record and back, checking on the way back everything a reader must not trust. */
public final class ModelReleases {
    private ModelReleases() {}

    /** An unsigned release carrying the bundle's manifest.json verbatim and its model file. */
    public static ModelRelease fromBundle(ModelBundle bundle, Instant publishedAt) {
        try {
            String manifestJson = Files.readString(bundle.directory().resolve(ModelBundle.MANIFEST_FILE));
            byte[] model = Files.readAllBytes(
                    bundle.directory().resolve(bundle.manifest().getModelFile()));
            return ModelRelease.newBuilder()
                    .setName(bundle.name())
                    .setVersion(bundle.version())
                    .setCreatedAt(bundle.manifest().getCreatedAt())
                    .setPublishedAt(publishedAt)
                    .setManifestJson(manifestJson)
                    .setModelSha256(Sha256.of(model))
                    .setModel(ByteBuffer.wrap(model))
                    .setSignature(null)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + bundle.directory(), e);
        }
    }

    /**
     * Signature, then checksum, then manifest (same name, version and sha256 as the record, then
     * {@link ModelBundle#checkDescribes}: labels, preprocessing, input shape). The network itself is checked when it is
     * loaded ({@link ModelBundle#load()}).
     */
    public static ReleaseVerdict check(ModelRelease release, ReleaseSignatures.TrustedKeys trusted) {
        var signatureProblem = trusted.check(release);
        if (signatureProblem.isPresent()) {
            return new ReleaseVerdict.Refused(
                    signatureProblem.get(),
                    describe(release) + ": "
                            + switch (signatureProblem.get()) {
                                case UNSIGNED -> "no signature";
                                case UNKNOWN_KEY ->
                                    "signed by untrusted key "
                                            + release.getSignature().getKeyId();
                                default -> "signature does not match the record";
                            });
        }
        String actual = Sha256.of(bytes(release.getModel()));
        if (!actual.equals(release.getModelSha256())) {
            return new ReleaseVerdict.Refused(
                    RefusalReason.CHECKSUM_MISMATCH,
                    describe(release) + ": model bytes hash to " + actual + ", signed " + release.getModelSha256());
        }
        ModelManifest manifest;
        try {
            manifest = ManifestJson.read(release.getManifestJson());
        } catch (IOException | RuntimeException e) {
            return new ReleaseVerdict.Refused(RefusalReason.BAD_MANIFEST, describe(release) + ": " + e.getMessage());
        }
        if (!manifest.getName().equals(release.getName())
                || manifest.getVersion() != release.getVersion()
                || !manifest.getModelSha256().equals(release.getModelSha256())) {
            return new ReleaseVerdict.Refused(
                    RefusalReason.BAD_MANIFEST,
                    describe(release) + ": manifest describes " + manifest.getName() + ":" + manifest.getVersion()
                            + " sha256 " + manifest.getModelSha256());
        }
        if (!ModelBundle.isPlainFileName(manifest.getModelFile())) {
            return new ReleaseVerdict.Refused(
                    RefusalReason.BAD_MANIFEST,
                    describe(release) + ": modelFile '" + manifest.getModelFile()
                            + "' is not a file name inside the bundle directory");
        }
        try {
            ModelBundle.checkDescribes(manifest);
        } catch (BundleException e) {
            return new ReleaseVerdict.Refused(reasonFor(e), describe(release) + ": " + e.getMessage());
        }
        return new ReleaseVerdict.Accepted(manifest);
    }

    /**
     * Writes an accepted release as {@code root/NAME/VERSION/} (staged, then renamed). An existing copy is reused only
     * when its files hash to what the release signed; anything else there (tampered, half-written, planted) is
     * replaced.
     */
    public static ModelBundle materialize(ModelRelease release, ModelManifest manifest, Path root) {
        try {
            Path target = root.resolve(release.getName()).resolve(Integer.toString(release.getVersion()));
            if (Files.exists(target)
                    && !matchesSigned(
                            target, release.getManifestJson(), release.getModelSha256(), manifest.getModelFile())) {
                deleteTree(target);
            }
            if (!Files.isRegularFile(target.resolve(ModelBundle.MANIFEST_FILE))) {
                Files.createDirectories(target.getParent());
                Path staging = Files.createTempDirectory(target.getParent(), ".staging-");
                Files.write(staging.resolve(manifest.getModelFile()), bytes(release.getModel()));
                Files.writeString(staging.resolve(ModelBundle.MANIFEST_FILE), release.getManifestJson());
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException alreadyThere) {
                    // another reader materialised it meanwhile; the copy on disk is checked on load like any other
                }
            }
            return ModelBundle.open(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write release " + describe(release) + " under " + root, e);
        }
    }

    /**
     * True when the bundle on disk is byte for byte what was signed: its manifest.json hashes like {@code manifestJson}
     * and its model file to {@code modelSha256}. Checked again before every load, so a cache changed on disk after the
     * release was verified is never used.
     */
    public static boolean matchesSigned(
            Path bundleDirectory, String manifestJson, String modelSha256, String modelFile) {
        try {
            Path manifestOnDisk = bundleDirectory.resolve(ModelBundle.MANIFEST_FILE);
            Path modelOnDisk = bundleDirectory.resolve(modelFile);
            return Files.isRegularFile(manifestOnDisk)
                    && Files.isRegularFile(modelOnDisk)
                    && Sha256.of(Files.readAllBytes(manifestOnDisk))
                            .equals(Sha256.of(manifestJson.getBytes(StandardCharsets.UTF_8)))
                    && Sha256.of(modelOnDisk).equals(modelSha256);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Where {@link ModelBundle#load()} refuses a bundle, the release refusal that corresponds. */
    public static RefusalReason reasonFor(BundleException e) {
        return switch (e.reason()) {
            case CHECKSUM_MISMATCH -> RefusalReason.CHECKSUM_MISMATCH;
            case WRONG_LABELS -> RefusalReason.WRONG_LABELS;
            case WRONG_SHAPE -> RefusalReason.WRONG_SHAPE;
            case UNSUPPORTED_PREPROCESSING -> RefusalReason.UNSUPPORTED_PREPROCESSING;
            case UNREADABLE_MODEL -> RefusalReason.UNREADABLE_MODEL;
            default -> RefusalReason.BAD_MANIFEST;
        };
    }

    public static String describe(ModelRelease release) {
        return release.getName() + ":" + release.getVersion();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
