package io.emotionstream.trainer.protocol;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;

/** One test image's prediction by the model of the fold that held it out. */
public record OutOfFold(int fold, Sample sample, Emotion predicted) {
    public boolean correct() {
        return sample.label() == predicted;
    }
}
