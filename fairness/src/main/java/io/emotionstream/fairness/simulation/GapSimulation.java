package io.emotionstream.fairness.simulation;

import io.emotionstream.fairness.FairnessAudit;
import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.fairness.sequential.Proportions;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.FairnessState;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Simulated label streams of one attribute with known per-group rates, fed label by label to the monitor's own
 * scope statistics and fairness audit, with the decision read after every label; beside it, on the same labels,
 * the rule the monitor used before the sequential verdicts: alarm when two groups with at least min.samples labels
 * are {@code legacyThreshold} or more apart in accuracy and a pooled two-proportion z-test between them gives
 * {@code p < alpha}.
 */
final class GapSimulation {
    /**
     * @param shares     how often each group is labelled (sums to 1)
     * @param accuracies each group's chance of being right on any class, except
     * @param recallOf   when present, that class alone: the group's recall of it is its accuracy entry, every other
     *                   class is right with {@code baseline}
     */
    record Scenario(String name, double[] shares, double[] accuracies, Optional<Emotion> recallOf, double baseline) {
        static Scenario accuracyGap(String name, double[] shares, double baseline, double gap) {
            double[] accuracies = new double[shares.length];
            Arrays.fill(accuracies, baseline);
            accuracies[shares.length - 1] = baseline - gap;
            return new Scenario(name, shares, accuracies, Optional.empty(), baseline);
        }

        static Scenario recallGap(String name, double[] shares, double baseline, double gap, Emotion emotion) {
            double[] recalls = new double[shares.length];
            Arrays.fill(recalls, baseline);
            recalls[shares.length - 1] = baseline - gap;
            return new Scenario(name, shares, recalls, Optional.of(emotion), baseline);
        }

        double chanceRight(int group, Emotion truth) {
            return recallOf.isEmpty() || recallOf.get() == truth ? accuracies[group] : baseline;
        }
    }

    /** Per stream: labels until the first alarm of each rule (-1: none within the stream), and the final verdict. */
    record Outcome(long[] sequentialDelays, long[] legacyDelays, int fairAtEnd) {
        double sequentialAlarmRate() {
            return rate(sequentialDelays);
        }

        double legacyAlarmRate() {
            return rate(legacyDelays);
        }

        private static double rate(long[] delays) {
            return (double) Arrays.stream(delays).filter(d -> d >= 0).count() / delays.length;
        }

        /** The q-quantile of labels until the first alarm, streams without one counting as never (-1 when past them). */
        static long quantile(long[] delays, double q) {
            long[] sorted = Arrays.stream(delays)
                    .map(d -> d < 0 ? Long.MAX_VALUE : d)
                    .sorted()
                    .toArray();
            long value = sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
            return value == Long.MAX_VALUE ? -1 : value;
        }
    }

    private GapSimulation() {}

    /**
     * {@code stopAtAlarms}: end a stream once both rules have alarmed (the delays are all that is read; the final
     * verdict is then not counted).
     */
    static Outcome run(
            Scenario scenario,
            int streams,
            int labels,
            FairnessRules rules,
            double legacyThreshold,
            boolean stopAtAlarms,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] sequential = new long[streams];
        long[] legacy = new long[streams];
        int fair = 0;
        int groups = scenario.shares().length;
        String[] names = new String[groups];
        for (int g = 0; g < groups; g++) {
            names[g] = "g" + g;
        }
        Emotion[] emotions = Emotion.SIX.toArray(Emotion[]::new);
        for (int s = 0; s < streams; s++) {
            ScopeStats stats = new ScopeStats();
            long[] n = new long[groups];
            long[] correct = new long[groups];
            sequential[s] = -1;
            legacy[s] = -1;
            for (int t = 1; t <= labels; t++) {
                int g = pick(scenario.shares(), random.nextDouble());
                Emotion truth = emotions[random.nextInt(emotions.length)];
                boolean right = random.nextDouble() < scenario.chanceRight(g, truth);
                Emotion predicted = prediction(truth, right, random);
                stats.addAudited(names[g], truth, predicted, t, rules);
                n[g]++;
                correct[g] += right ? 1 : 0;
                if (sequential[s] < 0 && stats.audit().orElseThrow().unfair()) {
                    sequential[s] = t;
                }
                if (legacy[s] < 0 && legacyAlarm(n, correct, rules, legacyThreshold)) {
                    legacy[s] = t;
                }
                if (stopAtAlarms && sequential[s] >= 0 && legacy[s] >= 0) {
                    break;
                }
            }
            if (!stopAtAlarms && stats.audit().orElseThrow().state(rules) == FairnessState.FAIR) {
                fair++;
            }
        }
        return new Outcome(sequential, legacy, fair);
    }

    /**
     * The whole family at once: every prediction carries a group of each attribute ({@code shares[a]}: attribute a's
     * groups), the model is equally accurate for all ({@code accuracy}, classes uniform), and each prediction is
     * labelled with chance {@code coverage} whatever its groups; fates are released per bucket of {@code bucket}
     * predictions, as the label join releases them (arrival order, a horizon later). Per stream: when any attribute's
     * verdict was first UNFAIR or its labels UNEVEN (any false alarm of the family), and when the rule before first
     * alarmed on any.
     */
    static Outcome family(
            double[][] shares,
            double accuracy,
            double coverage,
            int bucket,
            int streams,
            int predictions,
            FairnessRules rules,
            double legacyThreshold,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Emotion[] emotions = Emotion.SIX.toArray(Emotion[]::new);
        long[] sequential = new long[streams];
        long[] legacy = new long[streams];
        for (int s = 0; s < streams; s++) {
            ScopeStats[] stats = new ScopeStats[shares.length];
            long[][] n = new long[shares.length][];
            long[][] correct = new long[shares.length][];
            long[][][] fates = new long[shares.length][][];
            for (int a = 0; a < shares.length; a++) {
                stats[a] = new ScopeStats();
                n[a] = new long[shares[a].length];
                correct[a] = new long[shares[a].length];
                fates[a] = new long[shares[a].length][2];
            }
            sequential[s] = -1;
            legacy[s] = -1;
            for (int t = 1; t <= predictions && (sequential[s] < 0 || legacy[s] < 0); t++) {
                Emotion truth = emotions[random.nextInt(emotions.length)];
                boolean right = random.nextDouble() < accuracy;
                Emotion predicted = prediction(truth, right, random);
                boolean labelled = random.nextDouble() < coverage;
                for (int a = 0; a < shares.length; a++) {
                    int g = pick(shares[a], random.nextDouble());
                    fates[a][g][labelled ? 0 : 1]++;
                    if (labelled) {
                        stats[a].addAudited("g" + g, truth, predicted, t, rules);
                        n[a][g]++;
                        correct[a][g] += right ? 1 : 0;
                        if (legacy[s] < 0 && legacyAlarm(n[a], correct[a], rules, legacyThreshold)) {
                            legacy[s] = t;
                        }
                    }
                    if (t % bucket == 0) {
                        stats[a].addFatesAudited(t, release(fates[a]), rules);
                    }
                    FairnessAudit audit = stats[a].audit().orElse(null);
                    if (sequential[s] < 0 && audit != null && (audit.unfair() || audit.labelsUneven())) {
                        sequential[s] = t;
                    }
                }
            }
        }
        return new Outcome(sequential, legacy, 0);
    }

    /**
     * One attribute whose groups are labelled at different rates ({@code coverage[g]}), the model equally accurate for
     * all: per stream, the predictions until its labels were called UNEVEN (fates released per bucket).
     */
    static Outcome unevenLabels(
            double[] shares,
            double[] coverage,
            int bucket,
            int streams,
            int predictions,
            FairnessRules rules,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] delays = new long[streams];
        for (int s = 0; s < streams; s++) {
            ScopeStats stats = new ScopeStats();
            long[][] fates = new long[shares.length][2];
            delays[s] = -1;
            for (int t = 1; t <= predictions && delays[s] < 0; t++) {
                int g = pick(shares, random.nextDouble());
                fates[g][random.nextDouble() < coverage[g] ? 0 : 1]++;
                if (t % bucket == 0) {
                    stats.addFatesAudited(t, release(fates), rules);
                    if (stats.audit().orElseThrow().labelsUneven()) {
                        delays[s] = t;
                    }
                }
            }
        }
        return new Outcome(delays, new long[streams], 0);
    }

    /** A bucket's fates per group name, and the counters emptied for the next bucket. */
    private static Map<String, long[]> release(long[][] fates) {
        Map<String, long[]> out = new TreeMap<>();
        for (int g = 0; g < fates.length; g++) {
            if (fates[g][0] + fates[g][1] > 0) {
                out.put("g" + g, fates[g].clone());
            }
            fates[g][0] = 0;
            fates[g][1] = 0;
        }
        return out;
    }

    /** The truth when right, else one of the other five classes at random. */
    private static Emotion prediction(Emotion truth, boolean right, SplittableRandom random) {
        Emotion[] emotions = Emotion.SIX.toArray(Emotion[]::new);
        return right ? truth : emotions[(truth.ordinal() + 1 + random.nextInt(emotions.length - 1)) % emotions.length];
    }

    /** The index {@code u} (uniform on [0, 1)) falls on when [0, 1) is cut into {@code shares}. */
    static int pick(double[] shares, double u) {
        double cumulative = 0;
        for (int g = 0; g < shares.length - 1; g++) {
            cumulative += shares[g];
            if (u < cumulative) {
                return g;
            }
        }
        return shares.length - 1;
    }

    /** The monitor's rule before the sequential verdicts, checked after every label. */
    static boolean legacyAlarm(long[] n, long[] correct, FairnessRules rules, double threshold) {
        int min = -1;
        int max = -1;
        for (int g = 0; g < n.length; g++) {
            if (n[g] < rules.minSamples()) {
                continue;
            }
            if (min < 0 || accuracy(n, correct, g) < accuracy(n, correct, min)) {
                min = g;
            }
            if (max < 0 || accuracy(n, correct, g) > accuracy(n, correct, max)) {
                max = g;
            }
        }
        if (min < 0 || min == max || accuracy(n, correct, max) - accuracy(n, correct, min) < threshold) {
            return false;
        }
        return Proportions.twoProportionPValue(correct[min], n[min], correct[max], n[max]) < rules.alpha();
    }

    private static double accuracy(long[] n, long[] correct, int g) {
        return (double) correct[g] / n[g];
    }
}
