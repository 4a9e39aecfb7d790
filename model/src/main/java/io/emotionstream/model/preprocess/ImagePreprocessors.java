package io.emotionstream.model.preprocess;

import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared preprocessor per face-location mode, each built on first use: serving follows whatever mode the model
 * in use was trained with, and a swap to a model of another mode needs no restart. Safe to share between threads.
 */
public final class ImagePreprocessors {
    private final ImageLimits limits;
    private final NoFacePolicy noFace;
    private final Map<FaceLocation, ImagePreprocessor> byMode = new ConcurrentHashMap<>();

    public ImagePreprocessors(ImageLimits limits, NoFacePolicy noFace) {
        this.limits = limits;
        this.noFace = noFace;
    }

    public static ImagePreprocessors withDefaults() {
        return new ImagePreprocessors(ImageLimits.DEFAULT, NoFacePolicy.REJECT);
    }

    public ImagePreprocessor forMode(FaceLocation mode) {
        return byMode.computeIfAbsent(mode, m -> new ImagePreprocessor(limits, m, noFace));
    }
}
