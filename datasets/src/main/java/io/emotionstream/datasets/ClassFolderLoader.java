package io.emotionstream.datasets;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.Emotion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code root/<label>/<image>} layouts: CK+48 (subject = the {@code Sxxx} prefix of the file name) and generic
 * class folders such as FER2013's image release (subject unknown: each image is its own subject).
 */
public final class ClassFolderLoader {
    private ClassFolderLoader() {}

    public static Dataset ckPlus(
            Path root, Map<String, String> groupOverrides, ImagePreprocessor preprocessor, ClassSet classes) {
        return load(
                root,
                "ckplus",
                GroupDefaults.merge(GroupDefaults.CKPLUS, groupOverrides),
                preprocessor,
                ClassFolderLoader::ckPlusSubject,
                classes);
    }

    public static Dataset generic(
            Path root,
            String name,
            Map<String, String> groupOverrides,
            ImagePreprocessor preprocessor,
            ClassSet classes) {
        return load(
                root,
                name,
                GroupDefaults.merge(GroupDefaults.generic(name), groupOverrides),
                preprocessor,
                fileName -> fileName,
                classes);
    }

    /** CK+ file names are {@code Sxxx_yyy_zzzzzzzz.png}: subject, sequence, frame. */
    static String ckPlusSubject(String fileName) {
        int underscore = fileName.indexOf('_');
        return underscore > 0 ? fileName.substring(0, underscore) : fileName;
    }

    private static Dataset load(
            Path root,
            String name,
            Map<String, String> groups,
            ImagePreprocessor preprocessor,
            Function<String, String> subjectOf,
            ClassSet classes) {
        ImageFiles.requireDirectory(root);
        List<Path> classDirs = ImageFiles.directories(root);
        if (classDirs.isEmpty()) {
            throw new DatasetException(
                    "data root " + root + " has no class folders (expected <label>/<image> folders)");
        }
        DatasetBuilder builder = new DatasetBuilder(name, groups, preprocessor);
        for (Path classDir : classDirs) {
            String folder = classDir.getFileName().toString();
            Optional<Emotion> label = Labels.resolve(folder, root.toString(), classes);
            if (label.isEmpty()) {
                continue;
            }
            List<Path> files = ImageFiles.files(classDir);
            int added = 0;
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String id = folder + "/" + fileName;
                if (builder.addFile(file, id, label.get(), subjectOf.apply(fileName), Map.of())) {
                    added++;
                }
            }
            if (added == 0) {
                throw new DatasetException("class folder " + classDir + " has no usable images");
            }
        }
        return builder.build();
    }
}
