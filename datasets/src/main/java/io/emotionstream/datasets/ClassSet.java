package io.emotionstream.datasets;

import io.emotionstream.schemas.Emotion;
import java.util.List;

/** Which classes a dataset is loaded with: the seed's six, or the six and its neutral faces for seven-class models. */
public enum ClassSet {
    /** The six emotions; neutral faces are left out, as the seed experiment left them out. */
    SIX(Emotion.SIX),
    /** The six and {@link Emotion#NEUTRAL} (JAFFE's NE faces, FER+'s neutral majority, a neutral class folder). */
    SEVEN(Emotion.SEVEN);

    private final List<Emotion> classes;

    ClassSet(List<Emotion> classes) {
        this.classes = classes;
    }

    public List<Emotion> classes() {
        return classes;
    }

    public boolean contains(Emotion emotion) {
        return classes.contains(emotion);
    }

    /** The classes these datasets were loaded with: seven when any has a neutral face. */
    public static ClassSet of(List<Dataset> datasets) {
        return datasets.stream().anyMatch(d -> d.classCounts().containsKey(Emotion.NEUTRAL)) ? SEVEN : SIX;
    }
}
