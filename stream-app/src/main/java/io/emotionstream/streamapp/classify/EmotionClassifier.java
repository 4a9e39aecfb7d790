package io.emotionstream.streamapp.classify;

/**
 * Turns a batch of preprocessed 48x48 tensors into probabilities over the six emotions, in
 * {@link io.emotionstream.model.Emotion} order. One forward pass per call: callers batch.
 */
public interface EmotionClassifier {
    ModelIdentity model();

    /** @param batch n tensors of 48*48 floats; returns n rows of 6 probabilities */
    float[][] classify(float[][] batch);
}
