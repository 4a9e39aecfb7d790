package io.emotionstream.trainer.train;

/** What one epoch did: for progress lines and the report. */
public record EpochLog(int attempt, int epoch, int maxEpochs, double trainLoss, double validationAccuracy,
                       double validationLoss, int distinctPredictions, double seconds) {
}
