package io.emotionstream.fairness;

import io.emotionstream.schemas.Emotion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A rate the monitor compares between groups: the accuracy over all labels, or the recall of one class (the share of
 * its examples predicted as it: the equal-opportunity view). Named {@code accuracy} or {@code recall_CLASS} in records
 * and metric tags.
 */
public record Rate(Optional<Emotion> recallOf) {
    static final Rate ACCURACY = new Rate(Optional.empty());
    /** Accuracy first, then each class's recall in class order. */
    static final List<Rate> ALL = all();

    private static List<Rate> all() {
        List<Rate> rates = new ArrayList<>();
        rates.add(ACCURACY);
        for (Emotion e : Emotion.SIX) {
            rates.add(new Rate(Optional.of(e)));
        }
        return Collections.unmodifiableList(rates);
    }

    public String code() {
        return recallOf.map(e -> "recall_" + e.label()).orElse("accuracy");
    }

    static Optional<Rate> ofCode(String code) {
        return ALL.stream().filter(r -> r.code().equals(code)).findFirst();
    }

    /** Whether a label of class {@code truth} is a sample of this rate. */
    boolean samples(Emotion truth) {
        return recallOf.map(truth::equals).orElse(true);
    }

    long successes(ConfusionCounts counts) {
        return recallOf.map(counts::hits).orElseGet(counts::correct);
    }

    long samples(ConfusionCounts counts) {
        return recallOf.map(counts::examples).orElseGet(counts::n);
    }
}
