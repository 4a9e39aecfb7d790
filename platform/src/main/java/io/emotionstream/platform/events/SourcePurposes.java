package io.emotionstream.platform.events;

import java.util.Map;
import java.util.Optional;

/**
 * What the operator declares about each source (camera, kiosk, dataset): the context it films people in, an
 * exemption where that context prohibits emotion inference, and the notice shown to the people filmed (Art. 50(3)).
 * An event from a source in a prohibited context without an exemption is refused before its image is decoded; an
 * event from a source without a notice is served, and counted so that an alert can say so.
 *
 * @param contexts   source -> context; a source not listed has no declared context and is not refused
 * @param exemptions source -> exemption, only for sources in a prohibited context
 * @param notices    source -> where its notice is (a URL or a document id)
 */
public record SourcePurposes(
        Map<String, DeploymentContext> contexts,
        Map<String, DeploymentContext.Exemption> exemptions,
        Map<String, String> notices) {
    public static final SourcePurposes NONE_DECLARED = new SourcePurposes(Map.of(), Map.of(), Map.of());

    public SourcePurposes {
        contexts = Map.copyOf(contexts);
        exemptions = Map.copyOf(exemptions);
        notices = Map.copyOf(notices);
        for (String source : exemptions.keySet()) {
            DeploymentContext context = contexts.get(source);
            if (context == null || !context.prohibited()) {
                throw new IllegalArgumentException("source '" + source + "' has an exemption but its context ("
                        + (context == null ? "none declared" : context.code()) + ") prohibits nothing");
            }
        }
    }

    /** Why events from {@code source} may not be served, or empty when they may. */
    public Optional<String> prohibition(String source) {
        DeploymentContext context = source == null ? null : contexts.get(source);
        if (context == null || !context.prohibited() || exemptions.containsKey(source)) {
            return Optional.empty();
        }
        return Optional.of("source '" + source + "' is declared in a " + context.code()
                + " context, where inferring emotions is prohibited without a medical or safety exemption"
                + " (EU AI Act Art. 5(1)(f))");
    }

    /** Whether the people {@code source} films are told, as its operator declares. */
    public boolean hasNotice(String source) {
        return source != null && notices.containsKey(source);
    }
}
