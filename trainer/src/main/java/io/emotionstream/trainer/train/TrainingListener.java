package io.emotionstream.trainer.train;

/** Progress of a training run; the CLI prints it, tests ignore it. */
public interface TrainingListener {
    TrainingListener SILENT = new TrainingListener() {};

    default void onEpoch(EpochLog log) {}

    default void onRestart(int attempt, String reason) {}

    /** A checkpoint of the same run was found: training goes on after {@code epoch} of {@code attempt}. */
    default void onResume(int attempt, int epoch) {}
}
