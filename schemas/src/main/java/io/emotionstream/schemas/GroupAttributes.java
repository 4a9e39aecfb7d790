package io.emotionstream.schemas;

import io.emotionstream.schemas.events.EmotionPrediction;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one reading of a group attribute, for the monitor's scopes and the per-group meters alike. An attribute is
 * the producer's group value ({@code groups} of the event), except two derived from the record itself, which win
 * over a producer's group of the same name: {@value #SOURCE} (the event's source) and {@value #FACE} (how the face
 * was located: {@code not_located}, {@code detected}, {@code whole_image_fallback}; known once an image has been
 * preprocessed), which separates framing from population.
 */
public final class GroupAttributes {
    public static final String SOURCE = "source";
    public static final String FACE = "face";

    private GroupAttributes() {}

    /** The value of {@code attribute}, or empty when the record has none (or its face outcome is not known yet). */
    public static Optional<String> value(
            String attribute, Map<String, String> groups, String source, Optional<String> face) {
        return switch (attribute) {
            case SOURCE -> Optional.ofNullable(source);
            case FACE -> face;
            default -> Optional.ofNullable(groups.get(attribute));
        };
    }

    public static Optional<String> value(String attribute, EmotionPrediction prediction) {
        return value(
                attribute,
                prediction.getGroups(),
                prediction.getSource(),
                Optional.of(prediction.getFace().name().toLowerCase(Locale.ROOT)));
    }
}
