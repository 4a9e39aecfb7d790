package io.emotionstream.logging;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a log line is written: for a person reading a terminal, or one JSON object per line for a log pipeline. */
public enum LogFormat {
    TEXT,
    JSON;

    /** The setting's spelling of this format. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LogFormat parse(String value) {
        for (LogFormat format : values()) {
            if (format.settingValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a log format (" + choices() + ")");
    }

    private static String choices() {
        return Arrays.stream(values()).map(LogFormat::settingValue).collect(Collectors.joining(", "));
    }
}
