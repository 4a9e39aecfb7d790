package io.emotionstream.model.preprocess.face;

import io.emotionstream.model.preprocess.GrayImage;
import java.util.Optional;

/** Finds the two eyes of a detected face. Implementations must be safe to call from several threads. */
public interface EyeLocator {
    /** Both eyes of {@code face}, or empty when either is not found with confidence. */
    Optional<EyePair> locate(GrayImage image, FaceBox face);
}
