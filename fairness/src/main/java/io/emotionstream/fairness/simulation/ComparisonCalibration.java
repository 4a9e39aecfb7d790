package io.emotionstream.fairness.simulation;

import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.schemas.monitor.PromotionDecision;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The challenger part of {@code calibrate-monitor}: how often the promotion rule ever says PROMOTE when it should not
 * (the challenger is no better, or worse than the tolerance for one group), and how many paired labels it needs to
 * say PROMOTE or KEEP_CHAMPION when it should, with the monitor's default settings.
 */
public final class ComparisonCalibration {
    private static final double AGREEMENT = 0.7;
    private static final double[] EVEN = {0.5, 0.5};
    private static final double[] MINORITY = {0.8, 0.2};

    private final int streams;
    private final int events;
    private final int delayStreams;
    private final long seed;
    private final FairnessRules rules = MonitorSettings.DEFAULT.fairness();

    public ComparisonCalibration(int streams, int events, int delayStreams, long seed) {
        this.streams = streams;
        this.events = events;
        this.delayStreams = delayStreams;
        this.seed = seed;
    }

    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nchampion vs challenger: paired labelled events, the roles agree on %.0f%% of them, decision read "
                        + "every 10 events; tolerance %.2f, alpha %.2f%n",
                100 * AGREEMENT,
                rules.tolerance(),
                rules.alpha());
        out.printf(
                Locale.ROOT,
                "should not promote (%d streams x %d events)                          ever PROMOTE%n",
                streams,
                events);
        for (ChallengerSimulation.Scenario scenario : List.of(
                new ChallengerSimulation.Scenario(
                        "equal (0.80 both, 2 groups 50/50)",
                        EVEN,
                        new double[] {0.8, 0.8},
                        new double[] {0.8, 0.8},
                        AGREEMENT),
                new ChallengerSimulation.Scenario(
                        "+0.05 for 80%, -0.10 (the tolerance) for a 20% group",
                        MINORITY, new double[] {0.8, 0.8}, new double[] {0.85, 0.70}, AGREEMENT),
                new ChallengerSimulation.Scenario(
                        "+0.05 for 80%, -0.15 for a 20% group",
                        MINORITY, new double[] {0.8, 0.8}, new double[] {0.85, 0.65}, AGREEMENT))) {
            long[] until =
                    ChallengerSimulation.until(scenario, PromotionDecision.PROMOTE, streams, events, rules, seed);
            out.printf(Locale.ROOT, "  %-66s %.4f%n", scenario.name(), LabelFreeSimulation.detectedShare(until));
        }
        out.printf(
                Locale.ROOT,
                "events until the decision (%d streams): median / 90th percentile, share decided within %d%n",
                delayStreams,
                events);
        delays(
                out,
                PromotionDecision.PROMOTE,
                new ChallengerSimulation.Scenario(
                        "PROMOTE: +0.05 for both groups (0.80 -> 0.85), 50/50",
                        EVEN,
                        new double[] {0.8, 0.8},
                        new double[] {0.85, 0.85},
                        AGREEMENT));
        delays(
                out,
                PromotionDecision.PROMOTE,
                new ChallengerSimulation.Scenario(
                        "PROMOTE: +0.10 for both groups (0.75 -> 0.85), 50/50",
                        EVEN,
                        new double[] {0.75, 0.75},
                        new double[] {0.85, 0.85},
                        AGREEMENT));
        delays(
                out,
                PromotionDecision.KEEP_CHAMPION,
                new ChallengerSimulation.Scenario(
                        "KEEP_CHAMPION: -0.05 for both groups, 50/50",
                        EVEN,
                        new double[] {0.8, 0.8},
                        new double[] {0.75, 0.75},
                        AGREEMENT));
        delays(
                out,
                PromotionDecision.KEEP_CHAMPION,
                new ChallengerSimulation.Scenario(
                        "KEEP_CHAMPION: +0.05, but -0.30 for a 20% group",
                        MINORITY, new double[] {0.8, 0.8}, new double[] {0.85, 0.5}, AGREEMENT));
    }

    private void delays(PrintStream out, PromotionDecision watched, ChallengerSimulation.Scenario scenario) {
        long[] until = ChallengerSimulation.until(scenario, watched, delayStreams, events, rules, seed);
        long median = GapSimulation.Outcome.quantile(until, 0.5);
        long p90 = GapSimulation.Outcome.quantile(until, 0.9);
        out.printf(
                Locale.ROOT,
                "  %-60s %7s / %7s  %5.3f%n",
                scenario.name(),
                median < 0 ? "never" : Long.toString(median),
                p90 < 0 ? "never" : Long.toString(p90),
                LabelFreeSimulation.detectedShare(until));
    }
}
