package io.emotionstream.datasets;

import io.emotionstream.schemas.Emotion;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * How an image's annotators split over the classes: the share of their votes each class got, summing to 1. A
 * dataset with one label per image (JAFFE, CK+, class folders) gives all of it to that label; FER+ gives each class the
 * share of the crowd's ten votes it received among the classes loaded (the six, or seven with neutral), the target of
 * Barsoum et al.'s (ICMI 2016) "probability" training scheme, which beat the majority label on FER+ in their paper.
 */
public final class LabelShares {
    private final float[] shares;

    private LabelShares(float[] shares) {
        this.shares = shares;
    }

    /** All of it to one class (a dataset with one label per image). */
    public static LabelShares of(Emotion label) {
        float[] shares = new float[Emotion.values().length];
        shares[label.ordinal()] = 1f;
        return new LabelShares(shares);
    }

    /** Vote counts per class, normalised; refuses negative counts and an image no one voted any of the classes for. */
    public static LabelShares ofVotes(Map<Emotion, Integer> votes) {
        float[] shares = new float[Emotion.values().length];
        long total = 0;
        for (Map.Entry<Emotion, Integer> vote : votes.entrySet()) {
            if (vote.getValue() < 0) {
                throw new IllegalArgumentException("negative vote count " + vote);
            }
            shares[vote.getKey().ordinal()] = vote.getValue();
            total += vote.getValue();
        }
        if (total == 0) {
            throw new IllegalArgumentException("no votes for any of the classes");
        }
        for (int i = 0; i < shares.length; i++) {
            shares[i] /= total;
        }
        return new LabelShares(shares);
    }

    /** The share of {@code emotion}. */
    public float shareOf(Emotion emotion) {
        return shares[emotion.ordinal()];
    }

    /** The shares by class, for reports and tests. */
    public Map<Emotion, Float> asMap() {
        Map<Emotion, Float> map = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            map.put(e, shares[e.ordinal()]);
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelShares that && Arrays.equals(shares, that.shares);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shares);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
