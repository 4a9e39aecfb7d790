package io.emotionstream.fairness;

import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateText;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.monitor.LabelFreeEstimate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The aggregate of one scope over one window: a confusion matrix per group, at most {@code maxGroups} named groups
 * (later values are counted under {@value #OTHER}, which takes the last of the maxGroups slots, so state and output
 * stay bounded however many values producers send) and the latest event time seen. The cumulative statistics of a
 * scope also carry its {@link FairnessAudit}, updated label by label in the same order.
 */
public final class ScopeStats {
    public static final String OTHER = "other";

    private final Map<String, ConfusionCounts> groups = new TreeMap<>();
    private final Map<String, LabelCoverage> coverage = new TreeMap<>();
    private final Map<String, LabelFreeStats> labelFree = new TreeMap<>();
    private long latestEventTime;
    private FairnessAudit audit;
    private double[] referenceMix;
    private boolean calibrated;

    /** What each group's predictions got: labelled within the horizon or not (released fates), and label delays. */
    public static final class LabelCoverage {
        long labelled;
        long unlabelled;
        long delaySumMs;

        public long labelled() {
            return labelled;
        }

        public long unlabelled() {
            return unlabelled;
        }

        public long delaySumMs() {
            return delaySumMs;
        }
    }

    public ScopeStats add(String group, Emotion truth, Emotion predicted, long eventTime, int maxGroups) {
        return add(new ScoredGroup(group, truth, predicted, eventTime, 0), maxGroups);
    }

    /** A scored prediction (fates are ignored: they belong to the cumulative statistics). */
    public ScopeStats add(ScopeOutcome outcome, int maxGroups) {
        if (outcome instanceof ScoredGroup scored) {
            count(scored, maxGroups);
        }
        return this;
    }

    public ScopeStats addAudited(String group, Emotion truth, Emotion predicted, long eventTime, FairnessRules rules) {
        return addAudited(new ScoredGroup(group, truth, predicted, eventTime, 0), rules);
    }

    /** A bucket of fates: per group, predictions labelled within the horizon and not, in arrival order of the buckets. */
    public ScopeStats addFatesAudited(long bucketStart, Map<String, long[]> labelledAndNot, FairnessRules rules) {
        return addAudited(new GroupFates(bucketStart, labelledAndNot), rules);
    }

    /** A scored prediction whose class had probability {@code confidence}, for the audit and the label-free estimates. */
    public ScopeStats addAudited(
            String group, Emotion truth, Emotion predicted, long eventTime, double confidence, FairnessRules rules) {
        return addAudited(new ScoredGroup(group, truth, predicted, eventTime, 0, confidence), rules);
    }

    /** Predictions counted per group since the last flush, as the label join sends them. */
    public ScopeStats addPredictionsAudited(
            Map<String, PredictionTally> tallies, double[] referenceMix, boolean calibrated, FairnessRules rules) {
        return addAudited(new GroupPredictions(tallies, referenceMix, calibrated), rules);
    }

    /** A group's label-free estimate as the monitor publishes it; empty before its predictions were counted. */
    public Optional<LabelFreeEstimate> labelFreeEstimate(String group, FairnessRules rules) {
        return labelFree(group).flatMap(stats -> LabelFreeEstimates.of(stats, referenceMix(), calibrated, rules));
    }

    /** {@link #add}, fates too, and both go on to the scope's audit (started here when there is none yet). */
    public ScopeStats addAudited(ScopeOutcome outcome, FairnessRules rules) {
        if (audit == null) {
            audit = new FairnessAudit(rules.maxGroups());
        }
        if (outcome instanceof ScoredGroup scored) {
            String bucket = count(scored, rules.maxGroups());
            audit.add(bucket, scored.truth(), scored.predicted(), scored.eventTime(), rules);
            if (!Double.isNaN(scored.confidence())) {
                labelFree
                        .computeIfAbsent(bucket, g -> new LabelFreeStats())
                        .scored(scored.correct(), scored.confidence(), rules);
            }
        } else if (outcome instanceof GroupPredictions predictions) {
            boolean referenceArrived = referenceMix == null && predictions.referenceMix() != null;
            if (referenceMix == null) {
                referenceMix = predictions.referenceMix();
            }
            calibrated = predictions.calibrated();
            predictions.groups().forEach((group, tally) -> {
                String bucket = bucket(group, rules.maxGroups());
                groups.computeIfAbsent(bucket, g -> new ConfusionCounts());
                LabelFreeStats stats = labelFree.computeIfAbsent(bucket, g -> new LabelFreeStats());
                stats.tally.add(tally);
                stats.checkDrift(referenceMix, rules.mixDriftThreshold());
            });
            if (referenceArrived) { // groups counted before there was a reference to test them against
                labelFree.values().forEach(stats -> stats.checkDrift(referenceMix, rules.mixDriftThreshold()));
            }
        } else {
            GroupFates fates = (GroupFates) outcome;
            Map<String, long[]> bucketed = new TreeMap<>();
            fates.labelledAndNot().forEach((group, counts) -> {
                String bucket = bucket(group, rules.maxGroups());
                groups.computeIfAbsent(bucket, g -> new ConfusionCounts());
                LabelCoverage labels = coverage.computeIfAbsent(bucket, g -> new LabelCoverage());
                labels.labelled += counts[0];
                labels.unlabelled += counts[1];
                long[] sum = bucketed.computeIfAbsent(bucket, g -> new long[2]);
                sum[0] += counts[0];
                sum[1] += counts[1];
            });
            audit.addFates(fates.bucketStart(), bucketed, rules);
        }
        return this;
    }

    private String count(ScoredGroup scored, int maxGroups) {
        String bucket = bucket(scored.group(), maxGroups);
        groups.computeIfAbsent(bucket, g -> new ConfusionCounts()).add(scored.truth(), scored.predicted());
        coverage.computeIfAbsent(bucket, g -> new LabelCoverage()).delaySumMs += scored.labelDelayMs();
        latestEventTime = Math.max(latestEventTime, scored.eventTime());
        return bucket;
    }

    /** maxGroups buckets in all: maxGroups - 1 named values, and "other" for the rest. */
    private String bucket(String group, int maxGroups) {
        return bucket(groups, group, maxGroups);
    }

    /**
     * Where {@code group} is counted among the {@code known} groups of one aggregate: itself while fewer than
     * maxGroups - 1 named values are known (or it is one of them), else {@value #OTHER}. The one bound on groups that
     * every per-group state of the monitor applies.
     */
    public static String bucket(Map<String, ?> known, String group, int maxGroups) {
        long named = known.size() - (known.containsKey(OTHER) ? 1 : 0);
        return known.containsKey(group) || named < maxGroups - 1 || group.equals(OTHER) ? group : OTHER;
    }

    public Map<String, ConfusionCounts> groups() {
        return groups;
    }

    /** Label coverage per group, for every group of {@link #groups()}. */
    public LabelCoverage coverage(String group) {
        return coverage.getOrDefault(group, new LabelCoverage());
    }

    /** A group's label-free figures: empty until one of its predictions was counted or a labelled one carried a confidence. */
    public Optional<LabelFreeStats> labelFree(String group) {
        return Optional.ofNullable(labelFree.get(group));
    }

    /** The model's reference mix of predicted classes, as its first counted predictions carried it. */
    Optional<double[]> referenceMix() {
        return Optional.ofNullable(referenceMix);
    }

    /** Whether the latest counted predictions had calibrated probabilities. */
    boolean calibrated() {
        return calibrated;
    }

    public Optional<FairnessAudit> audit() {
        return Optional.ofNullable(audit);
    }

    public long latestEventTime() {
        return latestEventTime;
    }

    /**
     * Changelogged format, version 4: {@code 0x04} | latest event time (8) | groups (4) | per group: name length (4),
     * UTF-8 name, {@link ConfusionCounts#write the confusion matrix} (its class count, then its cells), labelled and
     * unlabelled fates (8 each), sum of label delays in ms (8), label-free flag (1) and if set {@link LabelFreeStats#write}
     * | audit flag (1), and if set the {@link FairnessAuditCodec} form | calibrated (1) | reference flag (1), and if set
     * 6 shares (8 each). Version 3 wrote 36 cells (six by six, before neutral was scored) and six predicted counts per
     * label-free tally. Version 2 had no label-free figures (read as none: they start with the next outcome). Version 1
     * had neither coverage nor audit. Version 0 (before the version byte; its first byte is the high byte of an event
     * time, always 0) wrote names with {@code writeUTF}, which fails past 65,535 bytes: still read, never written.
     */
    static final byte FORMAT_VERSION = 4;

    public byte[] toBytes() {
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        out.writeLong(latestEventTime);
        out.writeInt(groups.size());
        for (var entry : groups.entrySet()) {
            StateText.write(out, entry.getKey());
            entry.getValue().write(out);
            LabelCoverage labels = coverage(entry.getKey());
            out.writeLong(labels.labelled);
            out.writeLong(labels.unlabelled);
            out.writeLong(labels.delaySumMs);
            LabelFreeStats estimate = labelFree.get(entry.getKey());
            out.writeBoolean(estimate != null);
            if (estimate != null) {
                estimate.write(out);
            }
        }
        out.writeBoolean(audit != null);
        if (audit != null) {
            FairnessAuditCodec.write(out, audit);
        }
        out.writeBoolean(calibrated);
        StateText.writeNullableShares(out, referenceMix);
        return out.toByteArray();
    }

    public static ScopeStats fromBytes(byte[] bytes) {
        StateReader in = new StateReader(bytes);
        int version = bytes[0];
        if (version != 0) { // version 0 had no version byte: its first byte is the high byte of an event time
            StateVersion.require(in.readByte(), 1, FORMAT_VERSION, "scope stats");
        }
        ScopeStats stats = new ScopeStats();
        stats.latestEventTime = in.readLong();
        int count = in.readInt();
        for (int g = 0; g < count; g++) {
            String group = version == 0 ? in.readLegacyUtf() : StateText.read(in);
            stats.groups.put(group, ConfusionCounts.read(in, version >= 4));
            if (version >= 2) {
                LabelCoverage labels = new LabelCoverage();
                labels.labelled = in.readLong();
                labels.unlabelled = in.readLong();
                labels.delaySumMs = in.readLong();
                stats.coverage.put(group, labels);
            }
            if (version >= 3 && in.readBoolean()) {
                stats.labelFree.put(group, LabelFreeStats.read(in, version >= 4));
            }
        }
        if (version >= 2 && in.readBoolean()) {
            stats.audit = FairnessAuditCodec.read(in);
        }
        if (version >= 3) {
            stats.calibrated = in.readBoolean();
            stats.referenceMix = StateText.readNullableShares(in, Emotion.SIX_COUNT);
        }
        return stats;
    }
}
