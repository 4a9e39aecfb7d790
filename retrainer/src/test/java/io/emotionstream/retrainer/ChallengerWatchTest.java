package io.emotionstream.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.PairedFigures;
import io.emotionstream.schemas.monitor.PromotionDecision;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ChallengerWatchTest {
    private final ChallengerWatch watch = new ChallengerWatch("faces");

    @Test
    void shouldPromoteOnTheLatestComparisonsOfItsOwnChallengerOnly() {
        // given an old challenger's comparison, another model's, garbage, and the latest two of challenger 3
        feed(comparison("faces", 1, 2, "ethnicity", PromotionDecision.PROMOTE));
        feed(comparison("other", 1, 3, "ethnicity", PromotionDecision.KEEP_CHAMPION));
        watch.onRecord(new ConsumerRecord<>(
                "bias-metrics",
                0,
                0,
                "comparison/faces/1/3/ethnicity".getBytes(StandardCharsets.UTF_8),
                "not a comparison".getBytes(StandardCharsets.UTF_8)));
        feed(comparison("faces", 1, 3, "ethnicity", PromotionDecision.INSUFFICIENT_EVIDENCE));
        assertThat(watch.evidence(3).orElseThrow().promote()).isFalse();
        feed(comparison("faces", 1, 3, "ethnicity", PromotionDecision.PROMOTE));

        // then challenger 3 is judged by its own latest comparison
        ChallengerWatch.Evidence evidence = watch.evidence(3).orElseThrow();
        assertThat(evidence.championVersion()).isEqualTo(1);
        assertThat(evidence.promote()).isTrue();
        assertThat(watch.evidence(4)).isEmpty();
    }

    @Test
    void shouldNotPromoteWhileAnyAttributeIsUndecided() {
        feed(comparison("faces", 1, 3, "ethnicity", PromotionDecision.PROMOTE));
        feed(comparison("faces", 1, 3, "dataset", PromotionDecision.INSUFFICIENT_EVIDENCE));

        assertThat(watch.evidence(3).orElseThrow().promote()).isFalse();
    }

    private void feed(ChallengerComparison comparison) {
        String key = BiasKeys.comparison(
                comparison.getModelName(),
                comparison.getChampionVersion(),
                comparison.getChallengerVersion(),
                comparison.getAttribute());
        watch.onRecord(new ConsumerRecord<>(
                "bias-metrics",
                0,
                0,
                key.getBytes(StandardCharsets.UTF_8),
                Topics.comparisonSerde().encode(comparison)));
    }

    private static ChallengerComparison comparison(
            String model, int champion, int challenger, String attribute, PromotionDecision decision) {
        PairedFigures figures = new PairedFigures(500L, 400L, 430L, 50L, 20L, 0.06, 0.01, 0.11);
        return ChallengerComparison.newBuilder()
                .setModelName(model)
                .setChampionVersion(champion)
                .setChallengerVersion(challenger)
                .setAttribute(attribute)
                .setDecision(decision)
                .setDecidedBy(null)
                .setTolerance(0.1)
                .setAlpha(0.05)
                .setOverall(figures)
                .setGroups(Map.of("a", figures))
                .setClasses(Map.of())
                .build();
    }
}
