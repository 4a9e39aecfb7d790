package io.emotionstream.streamapp.monitor;

import io.emotionstream.model.Emotion;
import io.emotionstream.schemas.monitor.FairnessState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sequential verdict of one scope (a model version in a role, one attribute), updated after every label. Two
 * phases, each starting afresh (its own counts, its own tests):
 * <ul>
 *   <li>{@code WATCHING}: an {@link EqualityTest} per {@link Rate} tests "all groups equal"; the first to reach the
 *   family's evidence threshold ({@link FairnessRules}) makes the scope {@code UNFAIR} and starts {@code RAISED}, with
 *   counts that start afresh.
 *   Meanwhile the scope is {@code FAIR} when its accuracy gap is shown below the tolerance ({@link RateGap}),
 *   else {@code INSUFFICIENT_EVIDENCE}; each rate also has its own state.</li>
 *   <li>{@code RAISED}: {@code UNFAIR} until the labels since the raise show the accuracy gap and the gap of the rate
 *   that raised it below the tolerance; then {@code WATCHING} again ({@code FAIR}), the counts going on, the equality tests new.</li>
 * </ul>
 * Evidence is never un-seen: a stationary unfair model stays {@code UNFAIR}; only new labels that show the gap
 * closed (the population or the inputs changed) resolve it.
 *
 * <p>The verdicts speak for the labelled predictions: see the groups' label coverage beside them ({@code GroupAccuracy}).
 * Bounded: at most max.groups groups per rate.
 */
public final class FairnessAudit {
    enum Phase { WATCHING, RAISED }

    /** What raised the scope: the rate, its evidence and the groups at that moment. */
    record Raise(Rate rate, double logEValue, Double gap, String lowest, String highest, String standingOut, long at) {
    }

    /** One rate's state, evidence (log e-value of its equality test in this phase) and gap. */
    record RateVerdict(Rate rate, FairnessState state, double logEValue, RateGap gap) {
    }

    /** The scope's state, since when (event time of the phase's first label) and over how many labels. */
    record Verdict(FairnessState state, long since, long labels, List<RateVerdict> rates, Optional<Raise> raise) {
    }

    Phase phase = Phase.WATCHING;
    long since;
    long labels;
    final Map<String, ConfusionCounts> counts = new TreeMap<>();
    final List<EqualityTest> tests = new ArrayList<>();
    Raise raise;

    FairnessAudit(int maxGroups) {
        newTests(maxGroups);
    }

    /** One label of {@code group} (already bounded to max.groups values). */
    public void add(String group, Emotion truth, Emotion predicted, long eventTime, FairnessRules rules) {
        if (labels == 0) {
            since = eventTime;
        }
        labels++;
        counts.computeIfAbsent(group, g -> new ConfusionCounts()).add(truth, predicted);
        boolean correct = truth == predicted;
        if (phase == Phase.WATCHING) {
            double logThreshold = Math.log(rules.evidenceThreshold());
            for (int r = 0; r < Rate.ALL.size(); r++) {
                Rate rate = Rate.ALL.get(r);
                if (!rate.samples(truth)) {
                    continue;
                }
                EqualityTest test = tests.get(r);
                test.observe(group, correct);
                if (test.logEValue() >= logThreshold) {
                    raise(rate, test, eventTime, rules);
                    return;
                }
            }
        } else if (shownFair(rules)) {
            // the labels since the raise showed fairness: they go on counting, the tests of equality start again
            phase = Phase.WATCHING;
            raise = null;
            newTests(rules.maxGroups());
        }
    }

    private void raise(Rate rate, EqualityTest test, long eventTime, FairnessRules rules) {
        // every group with a label, as the test saw them: the groups of the raise, not only the sufficient ones
        RateGap gap = RateGap.of(rate, counts, rules.fairnessSequence(), 1);
        raise = new Raise(rate, test.logEValue(), gap.gap(), gap.lowest(), gap.highest(), test.standingOut().orElse(null),
                eventTime);
        // fairness can only be shown again by labels after the raise
        phase = Phase.RAISED;
        since = eventTime;
        labels = 0;
        counts.clear();
        newTests(rules.maxGroups());
    }

    private void newTests(int maxGroups) {
        tests.clear();
        for (int r = 0; r < Rate.ALL.size(); r++) {
            tests.add(new EqualityTest(maxGroups));
        }
    }

    /**
     * Fairness is shown when the accuracy gap is, and while raised, the gap of the rate that raised it too (a class's
     * recall needs six times the labels to be shown, so recalls do not hold back the attribute's FAIR: each rate
     * carries its own state in the verdict).
     */
    private boolean shownFair(FairnessRules rules) {
        if (!RateGap.of(Rate.ACCURACY, counts, rules).shownWithin(rules.tolerance())) {
            return false;
        }
        return raise == null || RateGap.of(raise.rate(), counts, rules).shownWithin(rules.tolerance());
    }

    /** The scope's state now. */
    public FairnessState state(FairnessRules rules) {
        return phase == Phase.RAISED ? FairnessState.UNFAIR
                : shownFair(rules) ? FairnessState.FAIR : FairnessState.INSUFFICIENT_EVIDENCE;
    }

    Verdict verdict(FairnessRules rules) {
        List<RateVerdict> rates = new ArrayList<>();
        for (int r = 0; r < Rate.ALL.size(); r++) {
            Rate rate = Rate.ALL.get(r);
            RateGap gap = RateGap.of(rate, counts, rules);
            FairnessState state = phase == Phase.RAISED && raise.rate().equals(rate) ? FairnessState.UNFAIR
                    : gap.shownWithin(rules.tolerance()) ? FairnessState.FAIR : FairnessState.INSUFFICIENT_EVIDENCE;
            rates.add(new RateVerdict(rate, state, tests.get(r).logEValue(), gap));
        }
        return new Verdict(state(rules), since, labels, rates, Optional.ofNullable(raise));
    }

    /** Whether the scope is UNFAIR now: the one question the calibration asks after every label. */
    public boolean unfair() {
        return phase == Phase.RAISED;
    }
}
