package io.emotionstream.trainer.search;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Keras-Tuner-style random search: {@code trials} draws from the space, each trained with early stopping (and the
 * trainer's collapse restarts) and scored by an {@link Objective}: the best validation accuracy as the Keras Tuner
 * does ({@link ValidationObjective}), or a protocol's accuracy on held-out people ({@link FoldsObjective}). Seeded:
 * the same seed draws the same trials and, training being deterministic, gets the same scores.
 */
public final class RandomSearch {
    private final SearchSpace space;
    private final TrainingConfig training;

    public RandomSearch(SearchSpace space, TrainingConfig training) {
        this.space = space;
        this.training = training;
    }

    /** Results, best first. {@code progress} gets one Keras-Tuner-like block per finished trial. */
    public List<Trial> run(Objective objective, int trials, long seed, Consumer<String> progress) {
        Random random = new Random(seed);
        List<Trial> done = new ArrayList<>();
        Trial best = null;
        for (int t = 1; t <= trials; t++) {
            CnnHyperparameters hp = space.sample(random);
            progress.accept(String.format(Locale.ROOT, "Search: running trial #%d of %d: %s", t, trials, hp.summary()));
            Trial trial = trial(t, hp, objective, training.maxEpochs(), seed);
            done.add(trial);
            if (best == null || trial.score() > best.score()) {
                best = trial;
            }
            progress.accept(String.format(
                    Locale.ROOT,
                    "Trial %d Complete [%s]%n%s: %.4f%s%nBest %s So Far: %.4f",
                    t,
                    duration(trial.seconds()),
                    objective.name(),
                    trial.score(),
                    trial.collapsed() ? " (stuck on one class)" : "",
                    objective.name(),
                    best.score()));
        }
        done.sort(Comparator.comparingDouble(Trial::score).reversed().thenComparingInt(Trial::number));
        return done;
    }

    /**
     * Successive halving (Jamieson and Talwalkar, AISTATS 2016; the inner loop of Hyperband, Li et al., JMLR 18, 2018):
     * every draw trains {@code minEpochs} epochs, the best 1/{@code eta} of them train again with {@code eta} times the
     * budget, and so on until one is left or the budget reaches the configured epochs. Survivors retrain from scratch
     * (same seed), so each rung is an ordinary early-stopped training; with eta 3 a search costs about a third of
     * the plain search's epochs. Results: the last rung's trials first (best first), then those dropped earlier.
     */
    public List<Trial> runHalving(
            Objective objective, int trials, int minEpochs, int eta, long seed, Consumer<String> progress) {
        if (eta < 2 || minEpochs < 1) {
            throw new IllegalArgumentException(
                    "successive halving needs eta >= 2 and at least 1 epoch: " + eta + ", " + minEpochs);
        }
        Random random = new Random(seed);
        List<CnnHyperparameters> draws = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            draws.add(space.sample(random));
        }
        List<Integer> alive = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
            alive.add(t);
        }
        List<Trial> dropped = new ArrayList<>();
        int budget = Math.min(minEpochs, training.maxEpochs());
        while (true) {
            List<Trial> rung = new ArrayList<>();
            for (int t : alive) {
                rung.add(trial(t, draws.get(t - 1), objective, budget, seed));
            }
            rung.sort(Comparator.comparingDouble(Trial::score).reversed().thenComparingInt(Trial::number));
            progress.accept(String.format(
                    Locale.ROOT,
                    "Successive halving: rung of %d trial(s) at %d epochs, best " + "%s %.4f (trial %d)",
                    rung.size(),
                    budget,
                    objective.name(),
                    rung.get(0).score(),
                    rung.get(0).number()));
            int keep = (int) Math.ceil(rung.size() / (double) eta);
            if (rung.size() == 1 || budget >= training.maxEpochs()) {
                List<Trial> ranked = new ArrayList<>(rung);
                for (int i = dropped.size() - 1; i >= 0; i--) { // dropped later = got further
                    ranked.add(dropped.get(i));
                }
                return ranked;
            }
            List<Trial> losers = new ArrayList<>(rung.subList(keep, rung.size()));
            Collections.reverse(losers); // appended in reverse below, so the better losers come first
            dropped.addAll(losers);
            alive = rung.subList(0, keep).stream().map(Trial::number).toList();
            budget = Math.min(training.maxEpochs(), budget * eta);
        }
    }

    private Trial trial(int number, CnnHyperparameters hp, Objective objective, int epochs, long seed) {
        long start = System.nanoTime();
        Objective.Outcome outcome =
                objective.evaluate(hp, training.withSeed(seed + number).withMaxEpochs(epochs));
        return new Trial(
                number,
                hp,
                outcome.score(),
                outcome.bestEpoch(),
                outcome.restarts(),
                outcome.collapsed(),
                (System.nanoTime() - start) / 1e9,
                epochs);
    }

    /** The tuner's "Results summary": best trials with their hyperparameters and scores. */
    public static String summary(List<Trial> ranked, int shown, Objective objective) {
        StringBuilder out =
                new StringBuilder("Results summary\nObjective(name=\"" + objective.name() + "\", direction=\"max\")\n");
        out.append("Showing ").append(Math.min(shown, ranked.size())).append(" best trials\n");
        for (Trial t : ranked.subList(0, Math.min(shown, ranked.size()))) {
            CnnHyperparameters hp = t.hyperparameters();
            out.append(String.format(
                    Locale.ROOT,
                    "%nTrial %d summary%nHyperparameters:%nactivation1: %s%ndropout1: %.1f%nactivation2: %s%ndropout2: %.1f%n"
                            + "dense_activation: %s%ndropout3: %.1f%noptimizer: %s%nlearning_rate: %s%nScore: %.4f%n",
                    t.number(),
                    lower(hp.activation1()),
                    hp.dropout1(),
                    lower(hp.activation2()),
                    hp.dropout2(),
                    lower(hp.denseActivation()),
                    hp.dropout3(),
                    lower(hp.optimizer()),
                    hp.learningRate(),
                    t.score()));
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
