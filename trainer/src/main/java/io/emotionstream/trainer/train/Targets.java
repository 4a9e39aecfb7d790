package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.Locale;

/** What a training image's target is: its one label, or how its annotators split their votes. */
public enum Targets {
    /** All on the image's label (for crowd-labelled images, the majority vote): the seed's targets. */
    MAJORITY,
    /**
     * The share of the annotators' votes each class got (Barsoum et al., ICMI 2016, "probability" scheme); the same as
     * {@link #MAJORITY} for datasets with one label per image.
     */
    VOTES;

    public static Targets parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown targets '" + text + "' (expected majority or votes)");
        }
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target probability of {@code emotion} for {@code sample}. */
    public float of(Sample sample, Emotion emotion) {
        return switch (this) {
            case MAJORITY -> sample.label() == emotion ? 1f : 0f;
            case VOTES -> sample.shares().shareOf(emotion);
        };
    }
}
