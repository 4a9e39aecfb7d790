package io.emotionstream.trainer.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The honest evaluation protocols: every test image shows a person (or a dataset) the model never trained on. */
public enum Protocol {
    /**
     * Per dataset, k-fold by subject; leave-one-subject-out when k reaches the number of subjects (JAFFE's 10
     * posers). The within-population estimate on new people.
     */
    SUBJECT_FOLDS("subject-folds"),
    /** Per dataset: train on every other dataset, test on all of this one. The cross-population estimate. */
    LEAVE_ONE_DATASET_OUT("leave-one-dataset-out"),
    /**
     * One model on the union of the datasets, k-fold by subject (each fold takes subjects from every dataset): the
     * accuracy per dataset on people it never saw, and the gap between them.
     */
    UNION_SUBJECT_FOLDS("union-folds");

    private final String code;

    Protocol(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Protocol parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.code.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + text + "' (expected "
                        + Arrays.stream(values()).map(Protocol::code).collect(Collectors.joining(", ")) + ")"));
    }
}
