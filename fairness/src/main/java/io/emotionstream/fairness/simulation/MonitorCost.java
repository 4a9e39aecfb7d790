package io.emotionstream.fairness.simulation;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.schemas.Emotion;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The cost part of {@code calibrate-monitor}: what one label costs the monitor's cumulative aggregate of one
 * attribute, with and without the fairness audit (and the label-free figures, which come with each labelled
 * prediction's confidence): the update, then the serialization and deserialization the caching state store does on
 * every update (the bytes are the changelogged state).
 */
public final class MonitorCost {
    private static final int LABELS = 200_000;
    private static final int ROUNDS = 3;

    private MonitorCost() {}

    public static void print(PrintStream out) {
        FairnessRules rules = MonitorSettings.DEFAULT.fairness();
        out.printf(
                Locale.ROOT,
                "%ncost per label of one attribute's cumulative aggregate (update + serialize + deserialize), "
                        + "best of %d rounds of %d labels%n",
                ROUNDS,
                LABELS);
        out.println("groups   counts only: us, state bytes   with the audit: us, state bytes");
        for (int groups : new int[] {2, 5, 20}) {
            double[] plain = best(groups, rules, false);
            double[] audited = best(groups, rules, true);
            out.printf(
                    Locale.ROOT,
                    "%6d   %14.1f %12.0f   %17.1f %12.0f%n",
                    groups,
                    plain[0],
                    plain[1],
                    audited[0],
                    audited[1]);
        }
    }

    /** Microseconds per label and the state's final size, best of the rounds (the first ones warm the JIT). */
    private static double[] best(int groups, FairnessRules rules, boolean audited) {
        Emotion[] emotions = Emotion.SIX.toArray(Emotion[]::new);
        double bestMicros = Double.MAX_VALUE;
        int bytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            SplittableRandom random = new SplittableRandom(round);
            ScopeStats stats = new ScopeStats();
            long start = System.nanoTime();
            for (int i = 0; i < LABELS; i++) {
                Emotion truth = emotions[random.nextInt(emotions.length)];
                Emotion predicted =
                        random.nextDouble() < 0.8 ? truth : emotions[(truth.ordinal() + 1) % emotions.length];
                String group = "group-" + random.nextInt(groups);
                if (audited) {
                    stats.addAudited(group, truth, predicted, i, 0.5 + 0.5 * random.nextDouble(), rules);
                } else {
                    stats.add(group, truth, predicted, i, rules.maxGroups());
                }
                byte[] state = stats.toBytes();
                bytes = state.length;
                stats = ScopeStats.fromBytes(state);
            }
            bestMicros = Math.min(bestMicros, (System.nanoTime() - start) / 1e3 / LABELS);
        }
        return new double[] {bestMicros, bytes};
    }
}
