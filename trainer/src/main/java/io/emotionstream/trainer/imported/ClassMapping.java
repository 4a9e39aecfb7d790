package io.emotionstream.trainer.imported;

import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.model.bundle.OutputClasses;
import io.emotionstream.schemas.Emotion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A network's classes in output order as its authors name them ({@code angry, disgust, ...}) and the same classes in
 * this project's labels ({@code anger, disgust, ...}, and {@value OutputClasses#NEUTRAL}). Every one of the six
 * emotions must be among them; nothing else may be, but neutral.
 */
public record ClassMapping(List<String> sourceLabels, List<String> labels) {
    private static final Set<String> NEUTRAL_ALIASES = Set.of("neutral", "calm", "none");
    private static final int MAX_CLASSES = 32;

    public ClassMapping {
        sourceLabels = List.copyOf(sourceLabels);
        labels = List.copyOf(labels);
    }

    /** Parses "angry,disgust,fear,..." (commas, spaces or new lines between names). */
    public static ClassMapping parse(String text) {
        List<String> names = Arrays.stream(text.split("[,\\s]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (names.isEmpty() || names.size() > MAX_CLASSES) {
            throw new ImportRefusedException(
                    ImportRefusal.BAD_LABELS, names.size() + " class names given (1 to " + MAX_CLASSES + " are read)");
        }
        return of(names);
    }

    /** Reads a sidecar file of class names, one per line or comma-separated, in output order. */
    public static ClassMapping read(Path sidecar) {
        try {
            if (Files.size(sidecar) > 4096) {
                throw new ImportRefusedException(
                        ImportRefusal.BAD_LABELS, sidecar + " is larger than a class list (4 KiB)");
            }
            return parse(Files.readString(sidecar));
        } catch (IOException e) {
            throw new ImportRefusedException(
                    ImportRefusal.BAD_LABELS, "cannot read " + sidecar + ": " + e.getMessage(), e);
        }
    }

    /** Maps each source name to this project's label; refuses unknown names, repeats and a missing emotion. */
    public static ClassMapping of(List<String> sourceLabels) {
        List<String> labels = sourceLabels.stream().map(ClassMapping::label).toList();
        try {
            OutputClasses.of(labels);
        } catch (BundleException e) {
            throw new ImportRefusedException(ImportRefusal.BAD_LABELS, sourceLabels + " read as " + e.getMessage(), e);
        }
        return new ClassMapping(sourceLabels, labels);
    }

    public OutputClasses outputClasses() {
        return OutputClasses.of(labels);
    }

    private static String label(String sourceName) {
        String name = sourceName.strip().toLowerCase(Locale.ROOT);
        if (NEUTRAL_ALIASES.contains(name)) {
            return OutputClasses.NEUTRAL;
        }
        return Emotion.fromAlias(name)
                .map(Emotion::label)
                .orElseThrow(() -> new ImportRefusedException(
                        ImportRefusal.BAD_LABELS,
                        "class '" + sourceName + "' is none of " + Emotion.labels() + " (or an alias "
                                + "such as angry, happy, sad, surprised) nor neutral"));
    }
}
