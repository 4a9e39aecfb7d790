package io.emotionstream.datasets;

import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.DatasetFingerprint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded dataset: usable samples, the images that were skipped and why, default group attributes and a content
 * fingerprint that changes whenever an image or label changes, and the preprocessing its tensors were made with
 * (face location and tensor format: a model trained on it records them, and serving uses them).
 */
public record Dataset(
        String name,
        List<Sample> samples,
        List<SkippedImage> skipped,
        Map<String, String> groups,
        String fingerprint,
        Preprocessing preprocessing) {
    public Dataset {
        samples = List.copyOf(samples);
        skipped = List.copyOf(skipped);
        groups = Map.copyOf(groups);
    }

    public FaceLocation faceLocation() {
        return preprocessing.faceLocation();
    }

    public int size() {
        return samples.size();
    }

    public Map<Emotion, Integer> classCounts() {
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (Sample s : samples) {
            counts.merge(s.label(), 1, Integer::sum);
        }
        return counts;
    }

    public DatasetFingerprint toFingerprint() {
        return new DatasetFingerprint(name, size(), fingerprint, groups);
    }

    /**
     * Labelled events collected from a stream (the retrainer): fingerprinted over event ids, labels and
     * tensors, so two trainings on the same events name the same data.
     */
    public static Dataset ofEvents(String name, List<Sample> samples, FaceLocation faceLocation) {
        return ofEvents(name, samples, Preprocessing.seed(faceLocation));
    }

    /** Labelled events preprocessed with {@code preprocessing} (a network's own input). */
    public static Dataset ofEvents(String name, List<Sample> samples, Preprocessing preprocessing) {
        Fingerprint fingerprint = new Fingerprint();
        for (Sample s : samples) {
            ByteBuffer pixels = ByteBuffer.allocate(s.pixels().length * 4);
            pixels.asFloatBuffer().put(s.pixels());
            fingerprint.add(s.id(), s.label().label(), pixels.array());
        }
        return new Dataset(name, samples, List.of(), Map.of("dataset", "stream"), fingerprint.hex(), preprocessing);
    }

    /** The union of several datasets, e.g. CK+ and JAFFE for the "both populations" model. */
    public static Dataset union(String name, List<Dataset> parts) {
        if (parts.stream().map(Dataset::preprocessing).distinct().count() > 1) {
            throw new DatasetException("cannot combine datasets preprocessed differently: "
                    + parts.stream()
                            .map(p -> p.name() + "=" + p.preprocessing())
                            .toList());
        }
        List<Sample> samples = new ArrayList<>();
        List<SkippedImage> skipped = new ArrayList<>();
        Fingerprint fingerprint = new Fingerprint();
        for (Dataset part : parts) {
            samples.addAll(part.samples());
            skipped.addAll(part.skipped());
            fingerprint.add(part.name(), "", part.fingerprint().getBytes(StandardCharsets.UTF_8));
        }
        return new Dataset(
                name,
                samples,
                skipped,
                Map.of("dataset", name),
                fingerprint.hex(),
                parts.get(0).preprocessing());
    }
}
