package io.emotionstream.model.bundle;

import io.emotionstream.schemas.model.ModelEngine;
import io.emotionstream.schemas.model.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A local directory of versioned model bundles: {@code <root>/<name>/<version>/}. Versions start at 1, only grow,
 * and are never overwritten: a bundle is written in a hidden staging directory and then renamed into place.
 */
public final class ModelRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

    private final Path root;
    private final Clock clock;

    public ModelRegistry(Path root) {
        this(root, Clock.systemUTC());
    }

    public ModelRegistry(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    /**
     * Saves the network as the next version of {@code draft}'s name. The registry fills in engine, version, creation
     * time, model file name, size and sha256; every other manifest field comes from the draft.
     */
    public ModelBundle publish(Model network, ModelManifest.Builder draft) {
        ModelEngine engine = network instanceof ComputationGraph ? ModelEngine.DL4J_GRAPH : ModelEngine.DL4J_MULTILAYER;
        return publish(
                draft,
                engine,
                ModelBundle.MODEL_FILE,
                file -> ModelSerializer.writeModel(network, file.toFile(), false));
    }

    /** Saves an ONNX file, byte for byte, as the next version of {@code draft}'s name (see {@link #publish(Model, ModelManifest.Builder)}). */
    public ModelBundle publishOnnx(byte[] onnx, ModelManifest.Builder draft) {
        return publish(draft, ModelEngine.ONNX_RUNTIME, ModelBundle.ONNX_MODEL_FILE, file -> Files.write(file, onnx));
    }

    private ModelBundle publish(
            ModelManifest.Builder draft, ModelEngine engine, String fileName, ModelFileWriter writer) {
        String name = checkName(draft.getName());
        try {
            Path modelDir = Files.createDirectories(root.resolve(name));
            Path staging = Files.createTempDirectory(modelDir, ".staging-");
            Path modelFile = staging.resolve(fileName);
            writer.write(modelFile);
            draft.setEngine(engine)
                    .setCreatedAt(clock.instant())
                    .setModelFile(fileName)
                    .setModelSha256(Sha256.of(modelFile))
                    .setModelBytes(Files.size(modelFile));
            // Two publishers may race for the same number: the rename fails for the loser, who takes the next one.
            for (int attempt = 0; attempt < 100; attempt++) {
                int version = latestVersion(name).orElse(0) + 1;
                ModelManifest manifest = draft.setVersion(version).build();
                Files.writeString(staging.resolve(ModelBundle.MANIFEST_FILE), ManifestJson.write(manifest));
                Path target = modelDir.resolve(Integer.toString(version));
                try {
                    Files.move(staging, target);
                    return new ModelBundle(target, manifest);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                    // someone else published this version meanwhile
                }
            }
            throw new BundleException(
                    BundleException.Reason.VERSION_EXISTS, "could not claim a new version of " + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + name + " to " + root, e);
        }
    }

    @FunctionalInterface
    private interface ModelFileWriter {
        void write(Path file) throws IOException;
    }

    public List<Integer> versions(String name) {
        Path dir = root.resolve(checkName(name));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(s -> VERSION.matcher(s).matches())
                    .map(Integer::parseInt)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Integer> latestVersion(String name) {
        List<Integer> versions = versions(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public ModelBundle open(String name, int version) {
        Path dir = root.resolve(checkName(name)).resolve(Integer.toString(version));
        if (!Files.isDirectory(dir)) {
            throw new BundleException(
                    BundleException.Reason.NOT_FOUND, "no version " + version + " of " + name + " in " + root);
        }
        return ModelBundle.open(dir);
    }

    /** Resolves "name" (latest), "name:latest" or "name:7". */
    public ModelBundle resolve(String reference) {
        int colon = reference.indexOf(':');
        String name = colon < 0 ? reference : reference.substring(0, colon);
        String version = colon < 0 ? "latest" : reference.substring(colon + 1);
        if (version.equals("latest")) {
            int latest = latestVersion(name)
                    .orElseThrow(() -> new BundleException(
                            BundleException.Reason.NOT_FOUND, "no versions of " + name + " in " + root));
            return open(name, latest);
        }
        if (!VERSION.matcher(version).matches()) {
            throw new BundleException(
                    BundleException.Reason.NOT_FOUND, "'" + version + "' is not a version number or 'latest'");
        }
        return open(name, Integer.parseInt(version));
    }

    /** True for a name a model can be published under (short, lower-case, no separators). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static String checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("model name must match " + NAME.pattern() + ": " + name);
        }
        return name;
    }
}
