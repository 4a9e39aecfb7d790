package io.emotionstream.fairness;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PairedFigures;
import io.emotionstream.schemas.monitor.PromotionDecision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Champion against challenger on the same labelled events, for one attribute: paired counts and the confidence
 * sequence of the difference in accuracy overall, per group (at most max.groups, the rest as
 * {@value ScopeStats#OTHER}) and per true class (the difference in recall). The promotion rule:
 * <ul>
 *   <li>{@code PROMOTE} when the challenger is shown better overall (the lower bound of the difference above 0) and
 *       not worse than the tolerance for every group and every class it has pairs of (each lower bound above
 *       -tolerance);</li>
 *   <li>{@code KEEP_CHAMPION} when it is shown worse overall, or worse than the tolerance for some group or class;</li>
 *   <li>{@code INSUFFICIENT_EVIDENCE} otherwise.</li>
 * </ul>
 * Every sequence runs at {@code alpha / (maxGroups + classes + 1)}, so all of them cover at every moment with
 * probability at least 1 - alpha (a union bound), and a decision read at any time is wrong with at most that chance.
 */
public final class ComparisonStats {
    static final byte FORMAT_VERSION = 1;

    private PairedCounts overall = new PairedCounts();
    private final Map<String, PairedCounts> groups = new TreeMap<>();
    private final Map<String, PairedCounts> classes = new TreeMap<>();

    /** The level of each of the comparison's confidence sequences. */
    static double sequenceAlpha(FairnessRules rules) {
        return rules.alpha() / (rules.maxGroups() + Emotion.SIX_COUNT + 1);
    }

    /** One labelled event both roles predicted (as a simulation feeds them). */
    public ComparisonStats add(
            String group, Emotion truth, boolean championRight, boolean challengerRight, FairnessRules rules) {
        return add(new PairedGroup(group, truth, championRight, challengerRight), rules);
    }

    /** The comparison record the monitor publishes for these figures. */
    public ChallengerComparison report(
            String model, int championVersion, int challengerVersion, String attribute, FairnessRules rules) {
        return report(new Comparison(model, championVersion, challengerVersion, attribute), rules);
    }

    public ComparisonStats add(PairedGroup pair, FairnessRules rules) {
        double alpha = sequenceAlpha(rules);
        String group = ScopeStats.bucket(groups, pair.group(), rules.maxGroups());
        overall.add(pair.championRight(), pair.challengerRight(), alpha);
        groups.computeIfAbsent(group, g -> new PairedCounts()).add(pair.championRight(), pair.challengerRight(), alpha);
        classes.computeIfAbsent(pair.truth().label(), c -> new PairedCounts())
                .add(pair.championRight(), pair.challengerRight(), alpha);
        return this;
    }

    public ChallengerComparison report(Comparison comparison, FairnessRules rules) {
        double tolerance = rules.tolerance();
        Map<String, PairedCounts> parts = new LinkedHashMap<>();
        groups.forEach((group, counts) -> parts.put("group " + group, counts));
        classes.forEach((label, counts) -> parts.put("class " + label, counts));
        PromotionDecision decision;
        String decidedBy = null;
        Optional<String> worse = parts.entrySet().stream()
                .filter(e -> e.getValue().differenceHigh() < -tolerance)
                .map(Map.Entry::getKey)
                .findFirst();
        Optional<String> unshown = parts.entrySet().stream()
                .filter(e -> e.getValue().differenceLow() <= -tolerance)
                .map(Map.Entry::getKey)
                .findFirst();
        if (overall.pairs > 0 && overall.differenceHigh() < 0) {
            decision = PromotionDecision.KEEP_CHAMPION;
            decidedBy = "overall";
        } else if (worse.isPresent()) {
            decision = PromotionDecision.KEEP_CHAMPION;
            decidedBy = worse.get();
        } else if (overall.pairs > 0 && overall.differenceLow() > 0 && unshown.isEmpty()) {
            decision = PromotionDecision.PROMOTE;
        } else {
            decision = PromotionDecision.INSUFFICIENT_EVIDENCE;
            decidedBy = overall.pairs == 0 || overall.differenceLow() <= 0 ? "overall" : unshown.get();
        }
        return ChallengerComparison.newBuilder()
                .setModelName(comparison.modelName())
                .setChampionVersion(comparison.championVersion())
                .setChallengerVersion(comparison.challengerVersion())
                .setAttribute(comparison.attribute())
                .setDecision(decision)
                .setDecidedBy(decidedBy)
                .setTolerance(tolerance)
                .setAlpha(rules.alpha())
                .setOverall(overall.toAvro())
                .setGroups(figures(groups))
                .setClasses(figures(classes))
                .build();
    }

    private static Map<String, PairedFigures> figures(Map<String, PairedCounts> counts) {
        Map<String, PairedFigures> out = new TreeMap<>();
        counts.forEach((name, c) -> out.put(name, c.toAvro()));
        return out;
    }

    /** Version 1: {@code 0x01} | overall | groups (4), each: name, counts | classes (4), each: label, counts. */
    public byte[] toBytes() {
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        overall.write(out);
        writeAll(out, groups);
        writeAll(out, classes);
        return out.toByteArray();
    }

    public static ComparisonStats fromBytes(byte[] bytes) {
        StateReader in = new StateReader(bytes);
        StateVersion.require(in.readByte(), FORMAT_VERSION, FORMAT_VERSION, "comparison-stats");
        ComparisonStats stats = new ComparisonStats();
        stats.overall = PairedCounts.read(in);
        readAll(in, stats.groups);
        readAll(in, stats.classes);
        return stats;
    }

    private static void writeAll(StateWriter out, Map<String, PairedCounts> counts) {
        out.writeInt(counts.size());
        counts.forEach((name, c) -> {
            StateText.write(out, name);
            c.write(out);
        });
    }

    private static void readAll(StateReader in, Map<String, PairedCounts> into) {
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            into.put(StateText.read(in), PairedCounts.read(in));
        }
    }
}
