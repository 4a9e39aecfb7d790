package io.emotionstream.datasets;

import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves what users type after {@code --data} into a dataset:
 * <ul>
 *   <li>{@code synthetic:a} or {@code synthetic:b[:subjects[:poses]]} — generated faces (default 20 subjects x 6
 *       expressions x 4 poses = 480 images);</li>
 *   <li>a {@code .csv} file — {@link CsvLoader};</li>
 *   <li>a folder of {@code POSER.CODEn.NNN.tiff} files — {@link JaffeLoader};</li>
 *   <li>a FER+ split folder (PNGs and a {@code label.csv} of crowd votes) — {@link FerPlusLoader};</li>
 *   <li>a folder of class folders — CK+ ({@link ClassFolderLoader#ckPlus}) when it has a {@code contempt} folder or
 *       is named like CK+, generic class folders otherwise.</li>
 * </ul>
 * {@code format} forces one of {@code jaffe, ckplus, ferplus, folders, csv} instead of guessing; {@code face} is the face
 * location of the shared preprocessing (images without a face are skipped with reason {@code no_face}).
 */
public final class DataSources {
    public static final int DEFAULT_SYNTHETIC_SUBJECTS = 20;
    public static final int DEFAULT_SYNTHETIC_POSES = 4;

    private DataSources() {}

    public static Dataset load(String spec, String format, Map<String, String> groupOverrides, long seed) {
        return load(spec, format, groupOverrides, seed, FaceLocation.NONE);
    }

    public static Dataset load(
            String spec, String format, Map<String, String> groupOverrides, long seed, FaceLocation face) {
        return load(spec, format, groupOverrides, seed, Preprocessing.seed(face));
    }

    /** With any preprocessing a model can ask for (an imported model's own tensor format, for evaluating it). */
    public static Dataset load(
            String spec, String format, Map<String, String> groupOverrides, long seed, Preprocessing preprocessing) {
        return load(spec, format, groupOverrides, seed, preprocessing, ClassSet.SIX);
    }

    /** With the neutral faces too ({@link ClassSet#SEVEN}), for seven-class models. */
    public static Dataset load(
            String spec,
            String format,
            Map<String, String> groupOverrides,
            long seed,
            Preprocessing preprocessing,
            ClassSet classes) {
        if (spec.startsWith("synthetic:")) {
            if (preprocessing.faceLocation() != FaceLocation.NONE) {
                throw new DatasetException(
                        "synthetic faces are generated as tight crops: use --face none with " + spec);
            }
            return synthetic(spec, seed, preprocessing, classes);
        }
        Path path = Path.of(spec);
        if (!Files.exists(path)) {
            throw new DatasetException("data root " + path + " does not exist");
        }
        ImagePreprocessor preprocessor = ImagePreprocessor.withDefaultLimits(preprocessing);
        String kind = format == null || format.equals("auto") ? detect(path) : format.toLowerCase(Locale.ROOT);
        String name =
                path.getFileName() == null ? "data" : slug(path.getFileName().toString());
        return switch (kind) {
            case "csv" ->
                CsvLoader.load(path, slug(name.replaceAll("\\.csv$", "")), groupOverrides, preprocessor, classes);
            case "jaffe" -> JaffeLoader.load(path, groupOverrides, preprocessor, classes);
            case "ckplus" -> ClassFolderLoader.ckPlus(path, groupOverrides, preprocessor, classes);
            case "ferplus" -> FerPlusLoader.load(path, ferPlusName(name), groupOverrides, preprocessor, classes);
            case "folders" -> ClassFolderLoader.generic(path, name, groupOverrides, preprocessor, classes);
            default ->
                throw new DatasetException(
                        "unknown data format '" + format + "' (expected auto, jaffe, ckplus, ferplus, folders or csv)");
        };
    }

    static String detect(Path path) {
        if (Files.isRegularFile(path)) {
            if (path.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                return "csv";
            }
            throw new DatasetException(path + " is a file but not a .csv index");
        }
        if (JaffeLoader.looksLikeJaffe(path)) {
            return "jaffe";
        }
        if (FerPlusLoader.looksLikeFerPlus(path)) {
            return "ferplus";
        }
        String name =
                path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path.resolve("contempt")) || name.startsWith("ck")) {
            return "ckplus";
        }
        return "folders";
    }

    private static Dataset synthetic(String spec, long seed, Preprocessing preprocessing, ClassSet classes) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 4) {
            throw new DatasetException(
                    "synthetic data is written synthetic:POPULATION[:SUBJECTS[:POSES]], e.g. synthetic:a");
        }
        try {
            Population population = Population.parse(parts[1]);
            int subjects = parts.length > 2 ? Integer.parseInt(parts[2]) : DEFAULT_SYNTHETIC_SUBJECTS;
            int poses = parts.length > 3 ? Integer.parseInt(parts[3]) : DEFAULT_SYNTHETIC_POSES;
            if (subjects < 2 || poses < 1) {
                throw new DatasetException("synthetic data needs at least 2 subjects and 1 pose: " + spec);
            }
            return SyntheticFaces.generate(population, subjects, poses, seed, preprocessing.format(), classes);
        } catch (IllegalArgumentException e) {
            throw new DatasetException("bad synthetic data spec '" + spec + "': " + e.getMessage());
        }
    }

    /** ferplus-train, ferplus-valid or ferplus-test for the official split folders (FER2013Train...). */
    private static String ferPlusName(String folder) {
        String split = folder.replaceFirst("^fer2013", "");
        return split.isEmpty() || split.equals(folder) ? "ferplus" : "ferplus-" + split;
    }

    private static String slug(String text) {
        String s =
                text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "data" : s;
    }
}
