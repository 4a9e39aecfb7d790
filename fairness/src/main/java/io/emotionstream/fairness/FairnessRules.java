package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.schemas.Emotion;

/**
 * How the sequential verdicts decide, for one model version in one role. The family is every rate the monitor tests
 * for it: per attribute, the accuracy, each class's recall and the label coverage ({@code attributes x 8}); a test says {@code UNFAIR}
 * when its e-value reaches {@code family / alpha} (Bonferroni over e-processes, so by Ville's inequality the chance
 * that any test of the family ever does so while all groups are equal is at most alpha, at every moment at once).
 * {@code FAIR} needs every group's confidence sequence at level {@code alpha / (family x maxGroups)} (a union bound
 * over every interval of the family) to put the gap below {@code tolerance}.
 *
 * @param alpha      family-wise error, at all times, of the verdicts of one model version and role
 * @param family     rates tested per model version and role
 * @param tolerance  the gap a FAIR verdict must be shown to stay under
 * @param minSamples groups with fewer labels (for the rate) are not used to show fairness
 * @param maxGroups  groups per attribute (slots of each equality test)
 */
public record FairnessRules(double alpha, int family, double tolerance, int minSamples, int maxGroups) {
    /** Rates tested per attribute: accuracy, one recall per class, and the share of predictions labelled. */
    public static final int RATES_PER_ATTRIBUTE = 1 + Emotion.SIX_COUNT + 1;

    public FairnessRules {
        if (!(alpha > 0 && alpha < 1)
                || family < 1
                || !(tolerance > 0 && tolerance <= 1)
                || minSamples < 1
                || maxGroups < 2) {
            throw new IllegalArgumentException("fairness rules: need 0 < alpha < 1, family >= 1, 0 < tolerance <= 1, "
                    + "min samples >= 1, max groups >= 2");
        }
    }

    public static FairnessRules of(MonitorSettings settings) {
        return new FairnessRules(
                settings.alpha(),
                settings.attributes().size() * RATES_PER_ATTRIBUTE,
                settings.gapTolerance(),
                settings.minSamples(),
                settings.maxGroups());
    }

    /**
     * The e-value at which a group's predicted mix is said to have DRIFTED from the model's reference: Bonferroni over
     * every group of every attribute of the version and role ({@code attributes x maxGroups} tests).
     */
    public double mixDriftThreshold() {
        return (double) family / RATES_PER_ATTRIBUTE * maxGroups / alpha;
    }

    /** The e-value at which one test of the family says UNFAIR. */
    public double evidenceThreshold() {
        return family / alpha;
    }

    /**
     * The confidence sequence of each group's rate when showing fairness, tightest near the sample size at which a
     * zero gap first can be shown below the tolerance (each interval's half-width near tolerance / 2, about
     * {@code 2 ln(1/level) / tolerance^2} labels per group); valid at every sample size whatever it is tuned for.
     */
    public ConfidenceSequence fairnessSequence() {
        double level = alpha / ((double) family * maxGroups);
        long showable = (long) Math.ceil(2 * Math.log(1 / level) / (tolerance * tolerance));
        return ConfidenceSequence.tunedFor(level, Math.max(minSamples, showable));
    }
}
