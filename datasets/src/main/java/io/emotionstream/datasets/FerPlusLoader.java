package io.emotionstream.datasets;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.Emotion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * FER+ (Barsoum et al., "Training deep networks for facial expression recognition with crowd-sourced label
 * distribution", ICMI 2016): one split folder ({@code FER2013Train}, {@code FER2013Valid} or {@code FER2013Test}) of
 * 48x48 FER2013 PNGs and a {@code label.csv} of ten crowd votes per image over neutral, happiness, surprise, sadness,
 * anger, disgust, fear, contempt, unknown and NF (not a face). The label is the majority vote, the paper's "majority
 * voting" scheme ({@link Votes#majority}): an image whose top vote is tied, {@code unknown} or {@code NF} is left out,
 * and so is contempt, dropped as CK+'s is, and neutral unless the data is loaded with it ({@link ClassSet}). FER2013 names no person: each image is
 * its own subject, so a subject-disjoint split of FER+ separates images, not people. Each kept image also carries how
 * the crowd split its votes over the classes loaded ({@link Votes#shares}), for training on the vote distribution.
 */
public final class FerPlusLoader {
    static final String LABELS_FILE = "label.csv";
    private static final long MAX_LABELS_BYTES = 32L << 20;
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.png");
    /** label.csv's vote columns, in order. */
    static final List<String> COLUMNS = List.of(
            "neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF");
    /** The columns that name no expression: votes for them are never a label nor a share. */
    private static final Set<String> NOT_A_CLASS = Set.of("unknown", "NF");

    private FerPlusLoader() {}

    static boolean looksLikeFerPlus(Path root) {
        return Files.isRegularFile(root.resolve(LABELS_FILE));
    }

    public static Dataset load(
            Path root,
            String name,
            Map<String, String> groupOverrides,
            ImagePreprocessor preprocessor,
            ClassSet classes) {
        ImageFiles.requireDirectory(root);
        Path labels = root.resolve(LABELS_FILE);
        List<String> lines = readLines(labels);
        DatasetBuilder builder =
                new DatasetBuilder(name, GroupDefaults.merge(GroupDefaults.FERPLUS, groupOverrides), preprocessor);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Row row = Row.parse(line, labels.getFileName() + " line " + (i + 1));
            Votes votes = row.votes();
            votes.majority(classes)
                    .ifPresent(emotion -> builder.addFile(
                            root.resolve(row.image()),
                            row.image(),
                            emotion,
                            stem(row.image()),
                            Map.of(),
                            votes.shares(classes)));
        }
        return builder.build();
    }

    /** One line of label.csv: {@code fer0000000.png,"(0, 0, 48, 48)",4,0,0,1,3,2,0,0,0,0}. */
    record Row(String image, Votes votes) {
        static Row parse(String line, String where) {
            int comma = line.indexOf(',');
            int boxEnd = line.lastIndexOf('"');
            if (comma <= 0 || boxEnd <= comma || boxEnd + 1 >= line.length() || line.charAt(boxEnd + 1) != ',') {
                throw new DatasetException(where + ": expected IMAGE,\"(BOX)\",ten votes");
            }
            String image = line.substring(0, comma).strip();
            if (!IMAGE_NAME.matcher(image).matches()) {
                throw new DatasetException(where + ": '" + image + "' is not a PNG file name in this folder");
            }
            String[] fields = line.substring(boxEnd + 2).split(",", -1);
            if (fields.length != COLUMNS.size()) {
                throw new DatasetException(where + ": " + fields.length + " votes, expected " + COLUMNS.size());
            }
            int[] votes = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                try {
                    votes[i] = Integer.parseInt(fields[i].strip());
                } catch (NumberFormatException e) {
                    throw new DatasetException(where + ": vote '" + fields[i] + "' is not a number");
                }
                if (votes[i] < 0 || votes[i] > 100) {
                    throw new DatasetException(where + ": vote count " + votes[i] + " outside 0..100");
                }
            }
            return new Row(image, new Votes(votes));
        }
    }

    /** Ten vote counts in {@link #COLUMNS} order. */
    record Votes(int[] counts) {
        /**
         * The class of the one column with the most votes; empty for a tie, unknown, NF, contempt, and neutral unless
         * the classes have it.
         */
        Optional<Emotion> majority(ClassSet classes) {
            int best = 0;
            boolean tied = false;
            for (int i = 1; i < counts.length; i++) {
                if (counts[i] > counts[best]) {
                    best = i;
                    tied = false;
                } else if (counts[i] == counts[best]) {
                    tied = true;
                }
            }
            if (tied || counts[best] == 0) {
                return Optional.empty();
            }
            String column = COLUMNS.get(best);
            return NOT_A_CLASS.contains(column) ? Optional.empty() : Labels.resolve(column, LABELS_FILE, classes);
        }

        /**
         * The votes for the classes as shares; the votes for contempt, unknown, NF, and neutral unless the classes have
         * it, are left out (to a six-class model an image with 6 anger and 4 neutral votes is all anger).
         */
        LabelShares shares(ClassSet classes) {
            Map<Emotion, Integer> kept = new EnumMap<>(Emotion.class);
            for (int i = 0; i < counts.length; i++) {
                int column = i;
                if (!NOT_A_CLASS.contains(COLUMNS.get(i))) {
                    Labels.resolve(COLUMNS.get(i), LABELS_FILE, classes)
                            .ifPresent(emotion -> kept.put(emotion, counts[column]));
                }
            }
            return LabelShares.ofVotes(kept);
        }
    }

    private static List<String> readLines(Path labels) {
        try {
            if (!Files.isRegularFile(labels)) {
                throw new DatasetException("no " + LABELS_FILE + " in " + labels.getParent());
            }
            if (Files.size(labels) > MAX_LABELS_BYTES) {
                throw new DatasetException(labels + " is larger than " + MAX_LABELS_BYTES + " bytes");
            }
            return Files.readAllLines(labels, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + labels + ": " + e.getMessage());
        }
    }

    private static String stem(String image) {
        return image.substring(0, image.length() - ".png".length());
    }
}
