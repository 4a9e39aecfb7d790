package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.EqualityTest;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.LabelParity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The sequential verdict of one scope (a model version in a role, one attribute), updated after every label. Two
 * phases:
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
 * <p>Beside it, the labels themselves: each prediction's fate (labelled within the horizon or not) is one outcome of its
 * group for a test of "all groups equally labelled". Fates come in buckets released in arrival order
 * (the label join's fates), each bucket's outcomes in a random order fixed by the bucket (exchangeable, whatever their
 * values); the test says {@code UNEVEN} once it crosses the family's threshold (for the model version's life),
 * {@code EVEN} while the coverage gap is shown below the tolerance. Selective labelling can hide or invert an accuracy
 * gap, so an {@code UNEVEN} attribute's verdict speaks only for the labelled events. Bounded: at most max.groups
 * groups per rate.
 */
public final class FairnessAudit {
    enum Phase {
        WATCHING,
        RAISED
    }

    /** What raised the scope: the rate, its evidence and the groups at that moment. */
    public record Raise(
            Rate rate, double logEValue, Double gap, String lowest, String highest, String standingOut, long at) {}

    /** One rate's state, evidence (log e-value of its equality test in this phase) and gap. */
    public record RateVerdict(Rate rate, FairnessState state, double logEValue, RateGap gap) {}

    /** The scope's state, since when (event time of the phase's first label) and over how many labels. */
    public record Verdict(
            FairnessState state,
            long since,
            long labels,
            List<RateVerdict> rates,
            Optional<Raise> raise,
            Coverage coverage) {}

    /** The labels' parity: the coverage test's state and evidence, and the coverage gap over all fates so far. */
    public record Coverage(LabelParity parity, double logEValue, RateGap gap) {}

    Phase phase = Phase.WATCHING;
    long since;
    long labels;
    final Map<String, ConfusionCounts> counts = new TreeMap<>();
    final List<EqualityTest> tests = new ArrayList<>();
    Raise raise;
    /** Per group: predictions labelled within the horizon and not, over the fates released since the audit began. */
    final Map<String, long[]> fates = new TreeMap<>();

    EqualityTest coverageTest;
    boolean uneven;

    FairnessAudit(int maxGroups) {
        newTests(maxGroups);
        coverageTest = new EqualityTest(maxGroups);
    }

    /**
     * One released bucket of fates: its outcomes go to the coverage test in a random order drawn from a seed fixed by
     * the bucket (so a replay after a crash draws the same), which makes their order independent of their values.
     */
    void addFates(long bucketStart, Map<String, long[]> labelledAndNot, FairnessRules rules) {
        List<String> order = new ArrayList<>();
        List<Boolean> outcomes = new ArrayList<>();
        labelledAndNot.forEach((group, counts) -> {
            long[] total = fates.computeIfAbsent(group, g -> new long[2]);
            total[0] += counts[0];
            total[1] += counts[1];
            for (long i = 0; i < counts[0] + counts[1]; i++) {
                order.add(group);
                outcomes.add(i < counts[0]);
            }
        });
        SplittableRandom random =
                new SplittableRandom(bucketStart * 31 + labelledAndNot.keySet().hashCode());
        for (int i = order.size() - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            Collections.swap(order, i, j);
            Collections.swap(outcomes, i, j);
        }
        double logThreshold = Math.log(rules.evidenceThreshold());
        for (int i = 0; i < order.size(); i++) {
            coverageTest.observe(order.get(i), outcomes.get(i));
            uneven |= coverageTest.logEValue() >= logThreshold;
        }
    }

    /** Whether the groups' labels were shown to be unevenly spread (for the model version's life). */
    public boolean labelsUneven() {
        return uneven;
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
        raise = new Raise(
                rate,
                test.logEValue(),
                gap.gap(),
                gap.lowest(),
                gap.highest(),
                test.standingOut().orElse(null),
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
        return phase == Phase.RAISED
                ? FairnessState.UNFAIR
                : shownFair(rules) ? FairnessState.FAIR : FairnessState.INSUFFICIENT_EVIDENCE;
    }

    public Verdict verdict(FairnessRules rules) {
        List<RateVerdict> rates = new ArrayList<>();
        for (int r = 0; r < Rate.ALL.size(); r++) {
            Rate rate = Rate.ALL.get(r);
            RateGap gap = RateGap.of(rate, counts, rules);
            FairnessState state = phase == Phase.RAISED && raise.rate().equals(rate)
                    ? FairnessState.UNFAIR
                    : gap.shownWithin(rules.tolerance()) ? FairnessState.FAIR : FairnessState.INSUFFICIENT_EVIDENCE;
            rates.add(new RateVerdict(rate, state, tests.get(r).logEValue(), gap));
        }
        return new Verdict(state(rules), since, labels, rates, Optional.ofNullable(raise), coverage(rules));
    }

    private Coverage coverage(FairnessRules rules) {
        Map<String, RateGap.Tally> tallies = new TreeMap<>();
        fates.forEach((group, counts) -> tallies.put(group, new RateGap.Tally(counts[0], counts[0] + counts[1])));
        RateGap gap = RateGap.of(tallies, rules.fairnessSequence(), rules.minSamples());
        LabelParity parity = uneven
                ? LabelParity.UNEVEN
                : gap.shownWithin(rules.tolerance()) ? LabelParity.EVEN : LabelParity.INSUFFICIENT_EVIDENCE;
        return new Coverage(parity, coverageTest.logEValue(), gap);
    }

    /** Whether the scope is UNFAIR now: the one question the calibration asks after every label. */
    public boolean unfair() {
        return phase == Phase.RAISED;
    }
}
