package io.emotionstream.platform.config;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them in settings and options: 90s, 5m, 1h, 2d. */
public final class Durations {
    private Durations() {}

    /** A positive duration, or an {@link IllegalArgumentException} naming {@code what} and the text. */
    public static Duration parse(String what, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> null;
            };
            if (d != null && amount > 0) {
                return d;
            }
        } catch (RuntimeException ignored) {
            // one-line error below
        }
        throw new IllegalArgumentException(
                what + " takes a positive duration like 90s, 5m, 1h or 2d, not '" + text + "'");
    }
}
