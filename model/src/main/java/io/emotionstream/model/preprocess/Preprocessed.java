package io.emotionstream.model.preprocess;

import io.emotionstream.model.preprocess.face.FaceOutcome;

/** A 48*48 tensor in [0, 1] and how the face was located for it. */
public record Preprocessed(float[] tensor, FaceOutcome face) {}
