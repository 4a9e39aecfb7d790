package io.emotionstream.datasets;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.ImageRejectedException;
import io.emotionstream.schemas.Emotion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects images of one dataset through the shared preprocessing, keeping the unusable ones as skipped. */
final class DatasetBuilder {
    private final String name;
    private final Map<String, String> groups;
    private final ImagePreprocessor preprocessor;
    private final List<Sample> samples = new ArrayList<>();
    private final List<SkippedImage> skipped = new ArrayList<>();
    private final Fingerprint fingerprint = new Fingerprint();

    DatasetBuilder(String name, Map<String, String> groups, ImagePreprocessor preprocessor) {
        this.name = name;
        this.groups = Map.copyOf(groups);
        this.preprocessor = preprocessor;
    }

    /** Reads and preprocesses one file; a corrupt or unreadable one is recorded as skipped, not fatal. */
    boolean addFile(Path file, String id, Emotion label, String subject, Map<String, String> extraGroups) {
        return addFile(file, id, label, subject, extraGroups, LabelShares.of(label));
    }

    /** As {@link #addFile(Path, String, Emotion, String, Map)}, for an image whose annotators split their votes. */
    boolean addFile(
            Path file, String id, Emotion label, String subject, Map<String, String> extraGroups, LabelShares shares) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            skipped.add(new SkippedImage(id, "unreadable: " + e.getMessage()));
            return false;
        }
        return addImage(id, label, subject, extraGroups, bytes, shares);
    }

    private boolean addImage(
            String id,
            Emotion label,
            String subject,
            Map<String, String> extraGroups,
            byte[] bytes,
            LabelShares shares) {
        try {
            float[] pixels = preprocessor.preprocess(bytes);
            samples.add(new Sample(id, label, subject, GroupDefaults.merge(groups, extraGroups), pixels, shares));
            fingerprint.add(id, label.label(), bytes);
            return true;
        } catch (ImageRejectedException e) {
            skipped.add(new SkippedImage(id, e.getMessage()));
            return false;
        }
    }

    Dataset build() {
        if (samples.isEmpty()) {
            throw new DatasetException("dataset '" + name + "' has no usable images"
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped, e.g. " + skipped.get(0) + ")"));
        }
        return new Dataset(name, samples, skipped, groups, fingerprint.hex(), preprocessor.preprocessing());
    }
}
