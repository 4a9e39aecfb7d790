package io.emotionstream.trainer.release;

import io.emotionstream.platform.kafka.TopicReader;
import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PairedFigures;
import io.emotionstream.schemas.monitor.PromotionDecision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the monitor's champion-vs-challenger comparisons say about promoting a challenger: one comparison per
 * attribute (the latest record of each key on the bias-metrics topic). The challenger is promoted only when every
 * attribute's decision is {@code PROMOTE}: better overall and, for each attribute, no group or class shown worse
 * than the tolerance, each at the monitor's error rate. Any {@code KEEP_CHAMPION} keeps the champion; otherwise, or
 * with no comparison at all, the evidence is insufficient.
 */
public record PromotionEvidence(PromotionDecision decision, List<ChallengerComparison> comparisons) {

    public static PromotionEvidence of(Collection<ChallengerComparison> comparisons) {
        List<ChallengerComparison> sorted = comparisons.stream()
                .sorted((a, b) -> a.getAttribute().compareTo(b.getAttribute()))
                .toList();
        PromotionDecision decision;
        if (sorted.stream().anyMatch(c -> c.getDecision() == PromotionDecision.KEEP_CHAMPION)) {
            decision = PromotionDecision.KEEP_CHAMPION;
        } else if (!sorted.isEmpty() && sorted.stream().allMatch(c -> c.getDecision() == PromotionDecision.PROMOTE)) {
            decision = PromotionDecision.PROMOTE;
        } else {
            decision = PromotionDecision.INSUFFICIENT_EVIDENCE;
        }
        return new PromotionEvidence(decision, sorted);
    }

    /** The latest comparison of each attribute of {@code model}'s two versions on {@code biasMetricsTopic}. */
    public static PromotionEvidence read(
            Map<String, Object> clientSettings,
            String biasMetricsTopic,
            String model,
            int championVersion,
            int challengerVersion,
            Duration timeout) {
        String prefix = BiasKeys.comparisonPrefix(model, championVersion, challengerVersion);
        Map<String, ChallengerComparison> latest = new TreeMap<>();
        TopicReader.readToEnd(
                clientSettings,
                biasMetricsTopic,
                timeout,
                record -> comparison(record.key(), record.value(), prefix)
                        .ifPresent(comparison ->
                                latest.put(new String(record.key(), StandardCharsets.UTF_8), comparison)));
        return of(latest.values());
    }

    /**
     * The comparison a bias-metrics record holds, if its key starts with {@code prefix} and its value is one whose
     * own fields name that key (the topic is shared and untrusted: anything else is not evidence).
     */
    public static Optional<ChallengerComparison> comparison(byte[] key, byte[] value, String prefix) {
        if (key == null || value == null) {
            return Optional.empty();
        }
        String text = new String(key, StandardCharsets.UTF_8);
        if (!text.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            ChallengerComparison comparison = Topics.comparisonSerde().decode(value);
            boolean consistent = text.equals(BiasKeys.comparison(
                    comparison.getModelName(),
                    comparison.getChampionVersion(),
                    comparison.getChallengerVersion(),
                    comparison.getAttribute()));
            return consistent ? Optional.of(comparison) : Optional.empty();
        } catch (SerializationException unreadable) {
            return Optional.empty();
        }
    }

    /** One line per attribute: decision, pairs and the difference in accuracy with its bounds; what decided it. */
    public String summary() {
        if (comparisons.isEmpty()) {
            return "no comparison of these versions on the bias-metrics topic yet (is the monitor running, and the challenger serving?)";
        }
        return comparisons.stream()
                .map(c -> {
                    PairedFigures o = c.getOverall();
                    return String.format(
                            Locale.ROOT,
                            "%s: %s (%d pairs, challenger - champion %+.3f [%+.3f, %+.3f], tolerance %.2f, alpha %.2f%s)",
                            c.getAttribute(),
                            c.getDecision().name(),
                            o.getPairs(),
                            o.getDifference(),
                            o.getDifferenceLow(),
                            o.getDifferenceHigh(),
                            c.getTolerance(),
                            c.getAlpha(),
                            c.getDecidedBy() == null ? "" : ", decided by " + c.getDecidedBy());
                })
                .collect(Collectors.joining("; "));
    }
}
