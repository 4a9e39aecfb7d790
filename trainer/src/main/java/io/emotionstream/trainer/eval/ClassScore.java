package io.emotionstream.trainer.eval;

import io.emotionstream.schemas.Emotion;

/** One-vs-rest precision, recall and F1 of a class. */
public record ClassScore(Emotion label, double precision, double recall, double f1, int support) {}
