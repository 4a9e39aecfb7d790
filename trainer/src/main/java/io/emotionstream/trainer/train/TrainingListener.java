package io.emotionstream.trainer.train;

/** Progress of a training run; the CLI prints it, tests ignore it. */
public interface TrainingListener {
    TrainingListener SILENT = new TrainingListener() {
    };

    default void onEpoch(EpochLog log) {
    }

    default void onRestart(int attempt, String reason) {
    }
}
