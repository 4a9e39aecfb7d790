package io.emotionstream.platform.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a source films people, as its operator declares it. The EU AI Act prohibits inferring emotions in the
 * workplace and in education institutions, except for medical or safety reasons (Art. 5(1)(f)).
 */
public enum DeploymentContext {
    WORKPLACE(true),
    EDUCATION(true),
    HEALTHCARE(false),
    PUBLIC_SPACE(false),
    RETAIL(false),
    TRANSPORT(false),
    RESEARCH(false),
    OTHER(false);

    private final boolean prohibited;

    DeploymentContext(boolean prohibited) {
        this.prohibited = prohibited;
    }

    /** Emotion inference is prohibited here unless an exemption is declared. */
    public boolean prohibited() {
        return prohibited;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DeploymentContext parse(String text) {
        String code = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(c -> c.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a context ("
                        + Arrays.stream(values()).map(DeploymentContext::code).collect(Collectors.joining(", "))
                        + ")"));
    }

    /** The reasons Art. 5(1)(f) allows emotion inference in a prohibited context. */
    public enum Exemption {
        MEDICAL,
        SAFETY;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Exemption parse(String text) {
            String code = text.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(e -> e.code().equals(code))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalArgumentException("'" + text + "' is not an exemption (medical, safety)"));
        }
    }
}
