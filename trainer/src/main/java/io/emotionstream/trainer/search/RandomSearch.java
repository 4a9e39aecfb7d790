package io.emotionstream.trainer.search;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import io.emotionstream.trainer.train.TrainingResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Keras-Tuner-style random search: {@code trials} draws from the space, each trained with early stopping (and the
 * trainer's collapse restarts), scored by best validation accuracy. Seeded: the same seed draws the same trials
 * and, training being deterministic, gets the same scores.
 */
public final class RandomSearch {
    private final SearchSpace space;
    private final TrainingConfig training;
    private final TrainingListener listener;

    public RandomSearch(SearchSpace space, TrainingConfig training, TrainingListener listener) {
        this.space = space;
        this.training = training;
        this.listener = listener;
    }

    /** Results, best first. {@code progress} gets one Keras-Tuner-like block per finished trial. */
    public List<Trial> run(Split split, int trials, long seed, Consumer<String> progress) {
        if (split.validation().isEmpty()) {
            throw new IllegalArgumentException("search needs a validation set (validation fraction > 0)");
        }
        Random random = new Random(seed);
        List<Trial> done = new ArrayList<>();
        Trial best = null;
        for (int t = 1; t <= trials; t++) {
            CnnHyperparameters hp = space.sample(random);
            progress.accept(String.format(Locale.ROOT, "Search: running trial #%d of %d: %s", t, trials, hp.summary()));
            long start = System.nanoTime();
            TrainingResult result = new Trainer(training.withSeed(seed + t), listener)
                    .train(hp, split.train(), split.validation());
            Trial trial = new Trial(t, hp, result.bestValidationAccuracy(), result.bestEpoch(), result.restarts(),
                    result.collapsed(), (System.nanoTime() - start) / 1e9);
            done.add(trial);
            if (best == null || trial.score() > best.score()) {
                best = trial;
            }
            progress.accept(String.format(Locale.ROOT,
                    "Trial %d Complete [%s]%nval_accuracy: %.4f%s%nBest val_accuracy So Far: %.4f",
                    t, duration(trial.seconds()), trial.score(), trial.collapsed() ? " (stuck on one class)" : "",
                    best.score()));
        }
        done.sort(Comparator.comparingDouble(Trial::score).reversed().thenComparingInt(Trial::number));
        return done;
    }

    /** The tuner's "Results summary": best trials with their hyperparameters and scores. */
    public static String summary(List<Trial> ranked, int shown) {
        StringBuilder out = new StringBuilder("Results summary\nObjective(name=\"val_accuracy\", direction=\"max\")\n");
        out.append("Showing ").append(Math.min(shown, ranked.size())).append(" best trials\n");
        for (Trial t : ranked.subList(0, Math.min(shown, ranked.size()))) {
            CnnHyperparameters hp = t.hyperparameters();
            out.append(String.format(Locale.ROOT,
                    "%nTrial %d summary%nHyperparameters:%nactivation1: %s%ndropout1: %.1f%nactivation2: %s%ndropout2: %.1f%n"
                            + "dense_activation: %s%ndropout3: %.1f%noptimizer: %s%nlearning_rate: %s%nScore: %.4f%n",
                    t.number(), lower(hp.activation1()), hp.dropout1(), lower(hp.activation2()), hp.dropout2(),
                    lower(hp.denseActivation()), hp.dropout3(), lower(hp.optimizer()), hp.learningRate(), t.score()));
        }
        return out.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02dh %02dm %02ds", s / 3600, (s / 60) % 60, s % 60);
    }
}
