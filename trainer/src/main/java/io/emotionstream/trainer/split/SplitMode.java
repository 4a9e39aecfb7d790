package io.emotionstream.trainer.split;

import java.util.Locale;

/** How test images are drawn. Every reported number names the mode that produced it. */
public enum SplitMode {
    /** Stratified by label, as the seed notebook did. Leaks on CK+48, whose sequences give 3 near-identical frames. */
    RANDOM,
    /** No subject appears on both sides: the honest estimate of accuracy on new people. */
    SUBJECT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SplitMode parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
