package io.emotionstream.model.preprocess;

import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared preprocessor per {@link Preprocessing} (face location and tensor format), each built on first use:
 * serving follows whatever the model in use was trained with, and a swap to a model of another preprocessing needs
 * no restart. Safe to share between threads.
 */
public final class ImagePreprocessors {
    private final ImageLimits limits;
    private final NoFacePolicy noFace;
    private final Map<Preprocessing, ImagePreprocessor> byPreprocessing = new ConcurrentHashMap<>();

    public ImagePreprocessors(ImageLimits limits, NoFacePolicy noFace) {
        this.limits = limits;
        this.noFace = noFace;
    }

    public static ImagePreprocessors withDefaults() {
        return new ImagePreprocessors(ImageLimits.DEFAULT, NoFacePolicy.REJECT);
    }

    public ImagePreprocessor forMode(FaceLocation mode) {
        return of(Preprocessing.seed(mode));
    }

    public ImagePreprocessor of(Preprocessing preprocessing) {
        return byPreprocessing.computeIfAbsent(preprocessing, p -> new ImagePreprocessor(limits, p, noFace));
    }
}
