package io.emotionstream.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Directory listing helpers shared by the file loaders: sorted, hidden files ignored. */
final class ImageFiles {
    private ImageFiles() {}

    static Path requireDirectory(Path root) {
        if (!Files.exists(root)) {
            throw new DatasetException("data root " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException("data root " + root + " is not a directory");
        }
        return root;
    }

    static List<Path> files(Path dir) {
        return list(dir, Files::isRegularFile);
    }

    static List<Path> directories(Path dir) {
        return list(dir, Files::isDirectory);
    }

    private static List<Path> list(Path dir, Predicate<Path> kind) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(kind)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
