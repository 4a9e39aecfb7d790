package io.emotionstream.fairness.simulation;

import io.emotionstream.fairness.ComparisonStats;
import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.PromotionDecision;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Streams of labelled events both roles predicted, replayed through the monitor's own comparison
 * ({@link ComparisonStats}) with the decision read after every event. Each event falls in a group by {@code shares};
 * per group the champion is right with probability {@code champion[g]}, and the challenger agrees with the champion
 * on a share {@code agreement} of the events (the same answer: both right or both wrong) and is otherwise right with
 * the probability that makes its accuracy {@code challenger[g]}. Classes are drawn uniformly.
 */
final class ChallengerSimulation {
    record Scenario(String name, double[] shares, double[] champion, double[] challenger, double agreement) {}

    /** Per stream, the events until the decision first became {@code watched} (-1: never). */
    static long[] until(
            Scenario scenario, PromotionDecision watched, int streams, int events, FairnessRules rules, long seed) {
        long[] until = new long[streams];
        Arrays.fill(until, -1);
        Emotion[] classes = Emotion.SIX.toArray(Emotion[]::new);
        for (int stream = 0; stream < streams; stream++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003 + stream);
            ComparisonStats stats = new ComparisonStats();
            for (int t = 1; t <= events; t++) {
                int g = GapSimulation.pick(scenario.shares(), random.nextDouble());
                boolean championRight = random.nextDouble() < scenario.champion()[g];
                boolean challengerRight;
                if (random.nextDouble() < scenario.agreement()) {
                    challengerRight = championRight;
                } else {
                    // among disagreements, right with the probability that gives the challenger its accuracy
                    double p = (scenario.challenger()[g] - scenario.agreement() * scenario.champion()[g])
                            / (1 - scenario.agreement());
                    challengerRight = random.nextDouble() < Math.min(1, Math.max(0, p));
                }
                stats.add("g" + g, classes[random.nextInt(classes.length)], championRight, challengerRight, rules);
                if (t % 10 == 0 && stats.report("m", 1, 2, "a", rules).getDecision() == watched) {
                    until[stream] = t;
                    break;
                }
            }
        }
        return until;
    }
}
