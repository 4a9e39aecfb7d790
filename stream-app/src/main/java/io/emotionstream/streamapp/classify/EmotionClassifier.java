package io.emotionstream.streamapp.classify;

import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.util.Optional;

/**
 * Turns a batch of preprocessed 48x48 tensors into probabilities over the six emotions, in
 * {@link io.emotionstream.model.Emotion} order. One forward pass per call: callers batch.
 */
public interface EmotionClassifier {
    ModelIdentity model();

    /** How the model's input must be preprocessed: the face location it was trained with. */
    default FaceLocation faceLocation() {
        return FaceLocation.NONE;
    }

    /** The temperature applied to every row {@link #classify} returns, and the model's reference mix; empty when uncalibrated. */
    default Optional<Calibration> calibration() {
        return Optional.empty();
    }

    /** @param batch n tensors of 48*48 floats; returns n rows of 6 probabilities (calibrated, when the model is) */
    float[][] classify(float[][] batch);
}
