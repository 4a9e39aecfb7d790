package io.emotionstream.trainer.imported;

import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.schemas.model.ModelSource;
import io.emotionstream.schemas.model.SourceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which weights were imported, under what terms: the file's name, sha256 and size, its licence (given, or the first
 * line of a LICENSE file beside it) and its provenance as the user states it. A bundle without a licence is not
 * made: whoever serves it must know whether they may.
 */
public record SourceFile(Path file, String sha256, long bytes, String licence, String provenance) {
    private static final List<String> LICENCE_FILES =
            List.of("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "COPYING");
    private static final int MAX_TEXT = 500;

    /** The file's digest and size now, with the licence given or found beside it. */
    public static SourceFile of(Path file, Optional<String> licence, Optional<String> provenance) {
        String terms = licence.map(String::strip)
                .filter(s -> !s.isEmpty())
                .or(() -> licenceBeside(file))
                .orElseThrow(() -> new IllegalArgumentException("no licence for " + file.getFileName()
                        + ": give --licence " + "(an SPDX id such as MIT) or put a LICENSE file beside it"));
        try {
            return new SourceFile(
                    file,
                    Sha256.of(file),
                    Files.size(file),
                    bounded(terms),
                    bounded(provenance.orElse("not stated at import")));
        } catch (IOException e) {
            throw new ImportRefusedException(ImportRefusal.CORRUPT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public ModelSource toAvro(SourceFormat format, ClassMapping classes) {
        return new ModelSource(
                format, file.getFileName().toString(), sha256, bytes, licence, provenance, classes.sourceLabels());
    }

    /** The first non-blank line of a licence file in the same directory ("MIT License"). */
    private static Optional<String> licenceBeside(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        for (String name : LICENCE_FILES) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                try (var lines = Files.lines(candidate)) {
                    Optional<String> first = lines.limit(20)
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .findFirst();
                    if (first.isPresent()) {
                        return first.map(line -> line + " (" + name + " beside the file)");
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    // an unreadable licence file is no licence: the caller asks for --licence
                }
            }
        }
        return Optional.empty();
    }

    private static String bounded(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line;
    }
}
