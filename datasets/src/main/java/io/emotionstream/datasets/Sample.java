package io.emotionstream.datasets;

import io.emotionstream.schemas.Emotion;
import java.util.Map;
import java.util.Objects;

/**
 * One labelled, preprocessed image.
 *
 * @param id      stable identifier, the path relative to the dataset root for file datasets
 * @param label   the true emotion (for crowd-labelled images, the majority vote)
 * @param subject the person shown (for subject-disjoint splits); never empty
 * @param groups  group attributes for bias evaluation, e.g. dataset=jaffe, ethnicity=east_asian
 * @param pixels  the model input's floats in [0, 1] from the shared preprocessing
 * @param shares  how the annotators' votes split over the six emotions (all on {@code label} when there was one)
 */
public record Sample(
        String id, Emotion label, String subject, Map<String, String> groups, float[] pixels, LabelShares shares) {
    public Sample {
        groups = Map.copyOf(groups);
        Objects.requireNonNull(shares, "shares");
    }

    /** An image with one label. */
    public Sample(String id, Emotion label, String subject, Map<String, String> groups, float[] pixels) {
        this(id, label, subject, groups, pixels, LabelShares.of(label));
    }

    /** The same image, labels and person with other pixels (and an id saying how they were made). */
    public Sample withPixels(String newId, float[] newPixels) {
        return new Sample(newId, label, subject, groups, newPixels, shares);
    }
}
