package io.emotionstream.retrainer;

import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PromotionDecision;
import io.emotionstream.trainer.release.PromotionEvidence;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the monitor says about the challenger this service published: the latest comparison record of each
 * attribute (bias-metrics topic, keys {@code comparison/MODEL/CHAMPION/CHALLENGER/ATTRIBUTE}), and the promotion
 * rule's verdict on them ({@link PromotionEvidence}). Other models', unreadable and unrelated records are ignored;
 * comparisons of an older challenger do not count for a newer one.
 */
final class ChallengerWatch {
    private final Map<String, ChallengerComparison> latest = new HashMap<>();
    private final String prefix;

    ChallengerWatch(String modelName) {
        this.prefix = BiasKeys.comparisonPrefix(modelName);
    }

    void onRecord(ConsumerRecord<byte[], byte[]> record) {
        PromotionEvidence.comparison(record.key(), record.value(), prefix)
                .ifPresent(comparison -> latest.put(new String(record.key(), StandardCharsets.UTF_8), comparison));
    }

    /**
     * The evidence on {@code challenger} against the champion it was compared with (the newest champion version the
     * comparisons name), when there is any.
     */
    Optional<Evidence> evidence(int challenger) {
        List<ChallengerComparison> about = latest.values().stream()
                .filter(c -> c.getChallengerVersion() == challenger)
                .toList();
        int champion = about.stream()
                .mapToInt(ChallengerComparison::getChampionVersion)
                .max()
                .orElse(-1);
        if (champion < 0) {
            return Optional.empty();
        }
        return Optional.of(new Evidence(
                champion,
                PromotionEvidence.of(about.stream()
                        .filter(c -> c.getChampionVersion() == champion)
                        .toList())));
    }

    record Evidence(int championVersion, PromotionEvidence evidence) {
        boolean promote() {
            return evidence.decision() == PromotionDecision.PROMOTE;
        }
    }
}
