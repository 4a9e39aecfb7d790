package io.emotionstream.streamapp.classify;

import io.emotionstream.model.preprocess.face.FaceLocation;

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

    /** @param batch n tensors of 48*48 floats; returns n rows of 6 probabilities */
    float[][] classify(float[][] batch);
}
