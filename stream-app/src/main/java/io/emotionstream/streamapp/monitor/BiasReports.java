package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.ConfusionCounts;
import io.emotionstream.fairness.FairnessAudit;
import io.emotionstream.fairness.FairnessRules;
import io.emotionstream.fairness.RateGap;
import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.fairness.sequential.Proportions;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.monitor.MonitorWindow;
import io.emotionstream.schemas.monitor.RateVerdict;
import io.emotionstream.schemas.monitor.WindowKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Turns a scope's confusion counts per group into the records of the bias-metrics topic. Pure functions. */
final class BiasReports {
    private BiasReports() {}

    /**
     * @param anytime the confidence sequence of every group's accuracy (level 1 - monitor.alpha, tightest near
     *                monitor.min.samples)
     */
    static GroupAccuracy groupAccuracy(
            Scope scope,
            MonitorWindow window,
            String group,
            ConfusionCounts counts,
            int minSamples,
            ConfidenceSequence anytime,
            Optional<ScopeStats.LabelCoverage> coverage) {
        long n = counts.n();
        long correct = counts.correct();
        Proportions.Interval interval = Proportions.wilson(correct, n);
        Proportions.Interval sequence = anytime.interval(correct, n);
        Map<String, Proportions.Interval> recallSequences = counts.recallIntervals(anytime);
        return GroupAccuracy.newBuilder()
                .setModelName(scope.modelName())
                .setModelVersion(scope.modelVersion())
                .setRole(scope.role())
                .setAttribute(scope.attribute())
                .setGroup(group)
                .setWindow(window)
                .setN(n)
                .setCorrect(correct)
                .setAccuracy(n == 0 ? 0 : (double) correct / n)
                .setWilsonLow(interval.low())
                .setWilsonHigh(interval.high())
                .setSufficient(n >= minSamples)
                .setRecall(counts.recall())
                .setPredicted(counts.predicted())
                .setConfusion(counts.rows())
                .setAnytimeLow(sequence.low())
                .setAnytimeHigh(sequence.high())
                .setRecallAnytimeLow(bounds(recallSequences, Proportions.Interval::low))
                .setRecallAnytimeHigh(bounds(recallSequences, Proportions.Interval::high))
                .setUnlabelled(
                        coverage.map(ScopeStats.LabelCoverage::unlabelled).orElse(0L))
                .setLabelCoverage(coverage.filter(c -> c.labelled() + c.unlabelled() > 0)
                        .map(c -> (double) c.labelled() / (c.labelled() + c.unlabelled()))
                        .orElse(null))
                .setMeanLabelDelaySeconds(coverage.filter(c -> n > 0)
                        .map(c -> c.delaySumMs() / 1000.0 / n)
                        .orElse(null))
                .build();
    }

    private static Map<String, Double> bounds(
            Map<String, Proportions.Interval> intervals, Function<Proportions.Interval, Double> bound) {
        Map<String, Double> out = new LinkedHashMap<>();
        intervals.forEach((label, interval) -> out.put(label, interval == null ? null : bound.apply(interval)));
        return out;
    }

    /**
     * Max-min accuracy over the groups with at least {@code minSamples}, the min/max ratio, a pooled two-proportion
     * z-test between the two extreme groups, and the per-class recall gap. Fewer than two sufficient groups: no gap.
     */
    static AccuracyGap gap(
            Scope scope, MonitorWindow window, Map<String, ConfusionCounts> groups, int minSamples, double alpha) {
        List<String> sufficient = new ArrayList<>();
        List<String> insufficient = new ArrayList<>();
        groups.forEach((group, counts) -> (counts.n() >= minSamples ? sufficient : insufficient).add(group));
        AccuracyGap.Builder gap = AccuracyGap.newBuilder()
                .setModelName(scope.modelName())
                .setModelVersion(scope.modelVersion())
                .setRole(scope.role())
                .setAttribute(scope.attribute())
                .setWindow(window)
                .setSufficientGroups(sufficient)
                .setInsufficientGroups(insufficient)
                .setMinGroup(null)
                .setMaxGroup(null)
                .setGap(null)
                .setRatio(null)
                .setPValue(null)
                .setSignificant(false)
                .setRecallGap(recallGap(groups, sufficient));
        if (sufficient.size() < 2) {
            return gap.build();
        }
        String min = sufficient.get(0);
        String max = sufficient.get(0);
        for (String group : sufficient) {
            if (accuracy(groups.get(group)) < accuracy(groups.get(min))) {
                min = group;
            }
            if (accuracy(groups.get(group)) > accuracy(groups.get(max))) {
                max = group;
            }
        }
        ConfusionCounts low = groups.get(min);
        ConfusionCounts high = groups.get(max);
        double p = Proportions.twoProportionPValue(low.correct(), low.n(), high.correct(), high.n());
        return gap.setMinGroup(min)
                .setMaxGroup(max)
                .setGap(accuracy(high) - accuracy(low))
                .setRatio(accuracy(high) == 0 ? null : accuracy(low) / accuracy(high))
                .setPValue(p)
                .setSignificant(p < alpha)
                .build();
    }

    /** The spread of each class's recall over the sufficient groups: the six emotions, and neutral once labelled. */
    private static Map<String, Double> recallGap(Map<String, ConfusionCounts> groups, List<String> sufficient) {
        Map<String, Double> out = new LinkedHashMap<>();
        boolean neutralLabelled =
                sufficient.stream().anyMatch(g -> groups.get(g).examples(Emotion.NEUTRAL) > 0);
        for (Emotion e : neutralLabelled ? Emotion.SEVEN : Emotion.SIX) {
            double lowest = Double.POSITIVE_INFINITY;
            double highest = Double.NEGATIVE_INFINITY;
            int seen = 0;
            for (String group : sufficient) {
                Double recall = groups.get(group).recall().get(e.label());
                if (recall != null) {
                    lowest = Math.min(lowest, recall);
                    highest = Math.max(highest, recall);
                    seen++;
                }
            }
            out.put(e.label(), seen < 2 ? null : highest - lowest);
        }
        return out;
    }

    private static double accuracy(ConfusionCounts counts) {
        return counts.n() == 0 ? 0 : (double) counts.correct() / counts.n();
    }

    /** The sequential verdict of a scope as published on the bias-metrics topic. */
    static FairnessVerdict verdict(Scope scope, FairnessAudit.Verdict verdict, FairnessRules rules) {
        List<RateVerdict> rates = new ArrayList<>();
        for (FairnessAudit.RateVerdict rate : verdict.rates()) {
            RateGap gap = rate.gap();
            rates.add(new RateVerdict(
                    rate.rate().code(),
                    rate.state(),
                    Math.exp(rate.logEValue()),
                    gap.gap(),
                    gap.gapLow(),
                    gap.gapHigh(),
                    gap.lowest(),
                    gap.highest()));
        }
        Optional<FairnessAudit.Raise> raise = verdict.raise();
        return FairnessVerdict.newBuilder()
                .setModelName(scope.modelName())
                .setModelVersion(scope.modelVersion())
                .setRole(scope.role())
                .setAttribute(scope.attribute())
                .setState(verdict.state())
                .setSince(Instant.ofEpochMilli(verdict.since()))
                .setLabels(verdict.labels())
                .setTolerance(rules.tolerance())
                .setAlpha(rules.alpha())
                .setEvidenceThreshold(rules.evidenceThreshold())
                .setRates(rates)
                .setRaisedBy(raise.map(r -> r.rate().code()).orElse(null))
                .setRaisedEValue(raise.map(r -> Math.exp(r.logEValue())).orElse(null))
                .setRaisedGap(raise.map(FairnessAudit.Raise::gap).orElse(null))
                .setRaisedLowestGroup(raise.map(FairnessAudit.Raise::lowest).orElse(null))
                .setRaisedHighestGroup(raise.map(FairnessAudit.Raise::highest).orElse(null))
                .setStandingOut(raise.map(FairnessAudit.Raise::standingOut).orElse(null))
                .setLabelParity(verdict.coverage().parity())
                .setCoverageEValue(Math.exp(verdict.coverage().logEValue()))
                .setCoverageGap(verdict.coverage().gap().gap())
                .setCoverageGapLow(verdict.coverage().gap().gapLow())
                .setCoverageGapHigh(verdict.coverage().gap().gapHigh())
                .setLeastLabelledGroup(verdict.coverage().gap().lowest())
                .setMostLabelledGroup(verdict.coverage().gap().highest())
                .build();
    }

    static MonitorWindow cumulative(long latestEventTime) {
        return new MonitorWindow(WindowKind.CUMULATIVE, 0L, Instant.EPOCH, Instant.ofEpochMilli(latestEventTime));
    }
}
