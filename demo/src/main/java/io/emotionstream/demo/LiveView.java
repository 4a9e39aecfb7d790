package io.emotionstream.demo;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import io.emotionstream.schemas.monitor.RateVerdict;
import io.emotionstream.schemas.registry.TopicCodecs;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's terminal view, drawn from what any downstream consumer sees (read_committed): predictions per second
 * and the app's latency from an event's arrival to its prediction, then per group the cumulative accuracy with its 95%
 * interval, the gap, the attribute's sequential verdict (UNFAIR / FAIR / INSUFFICIENT_EVIDENCE), the latest alerts,
 * and how many warnings and errors the libraries logged to their file this run.
 */
final class LiveView implements AutoCloseable {
    private static final List<String> ATTRIBUTES = List.of("population", "dataset", "ethnicity");

    private final KafkaConsumer<byte[], byte[]> predictions;
    private final KafkaConsumer<byte[], byte[]> metrics;
    private final KafkaConsumer<byte[], byte[]> alerts;
    private final String model;
    private final LibraryLog log;
    private final PrintStream out;
    private final TopicCodecs codecs;
    private final boolean terminal = System.console() != null;
    private final Map<String, byte[]> latest = new TreeMap<>();
    private final List<BiasAlert> alertLog = new ArrayList<>();
    private long total;
    private long lastRefresh = System.nanoTime();

    /** {@code codecs}: the topics' records are read in either wire format. */
    LiveView(String bootstrap, Topics topics, TopicCodecs codecs, String model, LibraryLog log, PrintStream out) {
        this.codecs = codecs;
        this.predictions = consumer(bootstrap, topics.predictions(), "latest"); // only for rates and latency
        this.metrics = consumer(bootstrap, topics.biasMetrics(), "earliest");
        this.alerts = consumer(bootstrap, topics.biasAlerts(), "earliest");
        this.model = model;
        this.log = log;
        this.out = out;
    }

    void refresh(String state) {
        List<Long> latencies = new ArrayList<>();
        // Drain everything new (a poll returns at most 500 records; the view must not fall behind the topics).
        for (ConsumerRecord<byte[], byte[]> r : drain(predictions)) {
            EmotionPrediction p = codecs.predictions().decode(r.value());
            latencies.add(p.getProcessingLatencyMs());
        }
        drain(metrics).forEach(r -> latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value()));
        drain(alerts).forEach(r -> alertLog.add(codecs.biasAlerts().decode(r.value())));
        total += latencies.size();
        double seconds = (System.nanoTime() - lastRefresh) / 1e9;
        lastRefresh = System.nanoTime();
        latencies.sort(Long::compare);

        StringBuilder view = new StringBuilder();
        if (terminal) {
            view.append("\033[H\033[2J");
        }
        view.append(String.format(
                Locale.ROOT, "emotion-stream demo | app %s | model %s (champion) | Ctrl-C stops%n", state, model));
        view.append(String.format(
                Locale.ROOT,
                "predictions: %d total, %.0f/s; in-app latency (arrival -> prediction) p50 %s, p99 %s%n%n",
                total,
                latencies.size() / seconds,
                percentile(latencies, 0.5),
                percentile(latencies, 0.99)));
        for (String attribute : ATTRIBUTES) {
            appendAttribute(view, attribute);
        }
        view.append("alerts:").append(alertLog.isEmpty() ? " none yet" : "").append('\n');
        alertLog.subList(Math.max(0, alertLog.size() - 4), alertLog.size())
                .forEach(a -> view.append("  ").append(a.getSummary()).append('\n'));
        view.append("\nlibraries (this run): ").append(log.summary()).append('\n');
        out.print(view);
        out.flush();
    }

    /** Cumulative figures of the newest champion version that has any for this attribute. */
    private void appendAttribute(StringBuilder view, String attribute) {
        String marker = "/champion/cumulative/0/" + attribute;
        String prefix = null;
        for (String key : latest.keySet()) {
            if (key.startsWith("gap/" + model + "/") && key.endsWith(marker)) {
                prefix = key.substring("gap/".length(), key.length() - marker.length()); // MODEL/VERSION
            }
        }
        if (prefix == null) {
            return;
        }
        view.append(String.format(
                Locale.ROOT, "%s (cumulative, %s)        accuracy  [95%% Wilson]       n%n", attribute, prefix));
        String accuracyPrefix = "accuracy/" + prefix + marker + "/";
        latest.forEach((key, value) -> {
            if (key.startsWith(accuracyPrefix)) {
                GroupAccuracy g = codecs.groupAccuracy().decode(value);
                view.append(String.format(
                        Locale.ROOT,
                        "  %-28s %6.3f  [%.3f, %.3f] %7d%s%n",
                        g.getGroup(),
                        g.getAccuracy(),
                        g.getWilsonLow(),
                        g.getWilsonHigh(),
                        g.getN(),
                        g.getSufficient() ? "" : "  (insufficient)"));
            }
        });
        AccuracyGap gap = codecs.gaps().decode(latest.get("gap/" + prefix + marker));
        view.append(
                gap.getGap() == null
                        ? "  gap: needs two groups with enough labelled events\n"
                        : String.format(
                                Locale.ROOT,
                                "  gap %.3f (%s vs %s)%n",
                                gap.getGap(),
                                gap.getMinGroup(),
                                gap.getMaxGroup()));
        byte[] verdictBytes = latest.get("verdict/" + prefix + "/champion/" + attribute);
        if (verdictBytes != null) {
            view.append("  ")
                    .append(verdictLine(codecs.verdicts().decode(verdictBytes)))
                    .append('\n');
        }
        view.append('\n');
    }

    /** The attribute's sequential verdict: the one line that stays valid however often the view refreshes. */
    private static String verdictLine(FairnessVerdict verdict) {
        RateVerdict accuracy = verdict.getRates().get(0);
        String evidence = verdict.getState() == FairnessState.UNFAIR
                ? String.format(
                        Locale.ROOT,
                        "%s differs, e-value %.3g >= %.3g",
                        verdict.getRaisedBy(),
                        verdict.getRaisedEValue(),
                        verdict.getEvidenceThreshold())
                : accuracy.getGapHigh() == null
                        ? String.format(
                                Locale.ROOT,
                                "e-value %.3g of %.3g",
                                accuracy.getEValue(),
                                verdict.getEvidenceThreshold())
                        : String.format(
                                Locale.ROOT,
                                "true gap in [%.3f, %.3f], tolerance %.2f; e-value %.3g of %.3g",
                                accuracy.getGapLow(),
                                accuracy.getGapHigh(),
                                verdict.getTolerance(),
                                accuracy.getEValue(),
                                verdict.getEvidenceThreshold());
        return String.format(Locale.ROOT, "verdict %s (%s)", verdict.getState(), evidence);
    }

    private static List<ConsumerRecord<byte[], byte[]>> drain(KafkaConsumer<byte[], byte[]> consumer) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        do {
            int before = out.size();
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            if (out.size() == before) {
                break;
            }
        } while (System.nanoTime() < deadline);
        return out;
    }

    private static String percentile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? "-" : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * q)) + " ms";
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic, String from) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "demo-view-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        from,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    @Override
    public void close() {
        predictions.close();
        metrics.close();
        alerts.close();
    }
}
