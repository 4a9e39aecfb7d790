package io.emotionstream.trainer.train;

import java.util.ArrayList;
import java.util.List;

/** Listeners for the checkpoint tests of both trainers: one that stops a run, one that records what ran. */
public final class TrainingListeners {
    private TrainingListeners() {}

    /** Throws after epoch {@code last}, as a kill would stop the run there. */
    public record StopAfter(int last) implements TrainingListener {
        @Override
        public void onEpoch(EpochLog log) {
            if (log.epoch() == last) {
                throw new IllegalStateException("stopped");
            }
        }
    }

    /** The epochs run, and the epoch a checkpoint said was done (-1: none). */
    public static final class Recorder implements TrainingListener {
        public final List<Integer> epochs = new ArrayList<>();
        public int resumedAfter = -1;

        @Override
        public void onEpoch(EpochLog log) {
            epochs.add(log.epoch());
        }

        @Override
        public void onResume(int attempt, int epoch) {
            resumedAfter = epoch;
        }
    }
}
