package io.emotionstream.trainer.protocol;

/** What one fold's model did: its test accuracy and what its training cost. */
public record FoldResult(
        int index,
        int trainImages,
        int validationImages,
        int testImages,
        int testSubjects,
        double accuracy,
        int epochs,
        int bestEpoch,
        int restarts,
        boolean collapsed,
        double secondsPerEpoch) {}
