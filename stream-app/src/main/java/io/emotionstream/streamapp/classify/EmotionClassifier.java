package io.emotionstream.streamapp.classify;

import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.preprocess.Preprocessing;
import java.util.Optional;

/**
 * Turns a batch of preprocessed tensors into probabilities over the model's classes, in
 * {@link io.emotionstream.schemas.Emotion} order: the six emotions, then neutral for a seven-class model. One forward pass
 * per call: callers batch.
 */
public interface EmotionClassifier {
    ModelIdentity model();

    /** How the model's input must be preprocessed: the face location and tensor format it was trained with. */
    default Preprocessing preprocessing() {
        return Preprocessing.SEED;
    }

    /** The temperature applied to every row {@link #classify} returns, and the model's reference mix; empty when uncalibrated. */
    default Optional<Calibration> calibration() {
        return Optional.empty();
    }

    /**
     * @param batch n tensors made with {@link #preprocessing()}; returns n rows of 6 probabilities, or 7 ending in
     *              neutral (calibrated, when the model is)
     */
    float[][] classify(float[][] batch);
}
