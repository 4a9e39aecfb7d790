package io.emotionstream.datasets;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.Emotion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JAFFE: one flat folder of {@code POSER.CODEn.NNN.tiff} files (e.g. {@code KA.AN1.39.tiff}); the poser is the
 * subject, the two-letter code the expression. Neutral (NE) images are dropped, as in the seed experiment.
 */
public final class JaffeLoader {
    static final Pattern FILE_NAME =
            Pattern.compile("([A-Za-z]{2})\\.([A-Za-z]{2})\\d*\\.\\d+\\.tiff?", Pattern.CASE_INSENSITIVE);

    private JaffeLoader() {}

    public static Dataset load(
            Path root, Map<String, String> groupOverrides, ImagePreprocessor preprocessor, ClassSet classes) {
        ImageFiles.requireDirectory(root);
        List<Path> files = ImageFiles.files(root);
        DatasetBuilder builder =
                new DatasetBuilder("jaffe", GroupDefaults.merge(GroupDefaults.JAFFE, groupOverrides), preprocessor);
        int named = 0;
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            Matcher m = FILE_NAME.matcher(fileName);
            if (!m.matches()) {
                continue; // READMEs and other files that are not JAFFE images
            }
            named++;
            Optional<Emotion> label = Labels.resolve(m.group(2), fileName, classes);
            label.ifPresent(emotion ->
                    builder.addFile(file, fileName, emotion, m.group(1).toUpperCase(), Map.of()));
        }
        if (named == 0) {
            throw new DatasetException("no JAFFE images (POSER.CODEn.NNN.tiff) in " + root);
        }
        return builder.build();
    }

    static boolean looksLikeJaffe(Path root) {
        return ImageFiles.files(root).stream()
                .anyMatch(p -> FILE_NAME.matcher(p.getFileName().toString()).matches());
    }
}
