package io.emotionstream.schemas.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How Avro records are written to a topic. Readers take either, detected per record by its first bytes. */
public enum WireFormat {
    /** Avro single-object encoding (C3 01, 8-byte schema fingerprint, body): no registry needed. */
    SINGLE_OBJECT("single-object"),
    /** The Confluent wire format (0, 4-byte registry id, body), with the schema registered under {@code TOPIC-value}. */
    CONFLUENT("confluent");

    private final String code;

    WireFormat(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static WireFormat parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.code.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown wire format '" + text + "' (expected one of "
                        + Arrays.stream(values()).map(WireFormat::code).collect(Collectors.joining(", ")) + ")"));
    }
}
