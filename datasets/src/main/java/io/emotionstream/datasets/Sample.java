package io.emotionstream.datasets;

import io.emotionstream.model.Emotion;
import java.util.Map;

/**
 * One labelled, preprocessed image.
 *
 * @param id      stable identifier, the path relative to the dataset root for file datasets
 * @param label   the true emotion
 * @param subject the person shown (for subject-disjoint splits); never empty
 * @param groups  group attributes for bias evaluation, e.g. dataset=jaffe, ethnicity=east_asian
 * @param pixels  48*48 floats in [0, 1] from the shared preprocessing
 */
public record Sample(String id, Emotion label, String subject, Map<String, String> groups, float[] pixels) {
    public Sample {
        groups = Map.copyOf(groups);
    }
}
