package io.emotionstream.streamapp.classify;

import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the configured model: a bundle directory, {@code NAME[:VERSION]} in the registry, or (model setting empty)
 * the latest version of the registry's only model. Loading verifies checksum, labels and shape.
 */
public final class ModelLoader {
    private ModelLoader() {}

    public static BundleClassifier load(Path registryRoot, String model) {
        return BundleClassifier.load(bundle(registryRoot, model));
    }

    static ModelBundle bundle(Path registryRoot, String model) {
        if (!model.isEmpty() && Files.isRegularFile(Path.of(model).resolve(ModelBundle.MANIFEST_FILE))) {
            return ModelBundle.open(Path.of(model));
        }
        ModelRegistry registry = new ModelRegistry(registryRoot);
        if (!model.isEmpty()) {
            return registry.resolve(model);
        }
        List<String> names = modelNames(registryRoot);
        if (names.size() != 1) {
            throw new BundleException(
                    BundleException.Reason.NOT_FOUND,
                    names.isEmpty()
                            ? "no model in " + registryRoot
                                    + " (train one: ./emotion-stream trainer train --data synthetic:a)"
                            : "several models in " + registryRoot + " " + names
                                    + ": choose one with model=NAME[:VERSION]");
        }
        return registry.resolve(names.get(0));
    }

    private static List<String> modelNames(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
