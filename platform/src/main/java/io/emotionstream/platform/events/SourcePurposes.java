package io.emotionstream.platform.events;

import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.PurposeHeaders;
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

    /** Why an event may not be served, with the dead-letter reason that says so. */
    public record Refusal(DeadLetterReason reason, String detail) {}

    /** Why events from {@code source} may not be served, or empty when they may. */
    public Optional<Refusal> refusal(String source) {
        return refusal(source, null);
    }

    /**
     * Why an event from {@code source} that claims {@code claimedContext} (its {@code deployment-context} header, null
     * when it has none) may not be served, or empty when it may. A source's settings win over the header: a claim of
     * another context is refused; a source without settings is judged by its claim (an exemption comes from the
     * settings only).
     */
    public Optional<Refusal> refusal(String source, String claimedContext) {
        DeploymentContext declared = source == null ? null : contexts.get(source);
        DeploymentContext context = declared;
        if (claimedContext != null) {
            DeploymentContext claimed;
            try {
                claimed = DeploymentContext.parse(claimedContext);
            } catch (IllegalArgumentException e) {
                return Optional.of(new Refusal(
                        DeadLetterReason.CONTEXT_MISMATCH,
                        "header " + PurposeHeaders.CONTEXT + " '" + shown(claimedContext) + "' is not a context"));
            }
            if (declared != null && claimed != declared) {
                return Optional.of(new Refusal(
                        DeadLetterReason.CONTEXT_MISMATCH,
                        "source '" + source + "' is declared in a " + declared.code() + " context, the event claims "
                                + claimed.code()));
            }
            context = claimed;
        }
        if (context == null || !context.prohibited() || exemptions.containsKey(source)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                DeadLetterReason.PROHIBITED_CONTEXT,
                "source '" + source + "' is " + (declared != null ? "declared" : "claimed") + " in a "
                        + context.code()
                        + " context, where inferring emotions is prohibited without a medical or safety exemption"
                        + " (EU AI Act Art. 5(1)(f))"));
    }

    /** Whether the people {@code source} films are told, as its operator declares. */
    public boolean hasNotice(String source) {
        return hasNotice(source, null);
    }

    /** Whether the people are told: the source's declared notice, or the event's {@code notice} header. */
    public boolean hasNotice(String source, String noticeHeader) {
        return source != null && notices.containsKey(source) || noticeHeader != null && !noticeHeader.isBlank();
    }

    private static String shown(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
