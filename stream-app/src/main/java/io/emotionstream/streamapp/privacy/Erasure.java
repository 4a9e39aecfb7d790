package io.emotionstream.streamapp.privacy;

import io.emotionstream.platform.kafka.ClientBackoff;
import io.emotionstream.platform.kafka.TopicReader;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.monitor.BiasMonitorTopology;
import io.emotionstream.streamapp.topology.ClassificationTopology;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Removes one person from what the app holds, in four steps:
 * <ol>
 *   <li>find their records ({@link SubjectSearch}): images, labels, predictions, the monitor's feed, dead letters;</li>
 *   <li>wait until every consumer group has read past the person's last record on each partition
 *       ({@link GroupProgress}), so the monitor holds all it will ever hold of them; a reader that is behind in time
 *       stops the erasure before anything is removed ({@code PENDING}: run it again);</li>
 *   <li>ask the monitor to forget their events: one request per event id on the erasures topic, and wait until it
 *       has read them; the label join deletes the events from its stores, whose changelogs get tombstones in the same
 *       transaction;</li>
 *   <li>truncate each of those partitions just past the person's last record (Kafka's delete-records: a log cannot
 *       lose one record from its middle), which takes earlier records of other people with it, all of them read
 *       already; then search again: what is still readable of the person is reported ({@code INCOMPLETE}).</li>
 * </ol>
 * The stores' changelogs are compacted topics: read as the app restores them, they hold nothing of the person at
 * once; their superseded values leave the log at the next compaction, within minutes (their segment settings).
 * Aggregates (counts per group) hold no person and stay.
 */
public final class Erasure {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);

    private final StreamAppConfig config;
    private final Map<String, Object> clientSettings;
    /** Reading never creates a topic: a changelog the broker made on a read would have the wrong settings. */
    private final Map<String, Object> readerSettings;

    private final SubjectSearch search;
    private final Clock clock;

    public Erasure(StreamAppConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.clientSettings = new HashMap<>(ClientBackoff.settings());
        clientSettings.putAll(config.kafkaClientOverrides());
        clientSettings.put(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers().orElse("127.0.0.1:" + config.embeddedPort()));
        this.readerSettings = new HashMap<>(clientSettings);
        readerSettings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.search = new SubjectSearch(
                readerSettings,
                config.topics(),
                config.wire().codecs(config.topics()).images(),
                READ_TIMEOUT);
    }

    /** Erases {@code subject}, waiting at most {@code wait} for readers to catch up. */
    public ErasureReceipt erase(String subject, Duration wait) throws InterruptedException, ExecutionException {
        Instant requestedAt = clock.instant();
        String requestId = UUID.randomUUID().toString();
        SubjectTrail trail = search.find(subject);
        if (trail.isEmpty()) {
            return receipt(subject, requestId, requestedAt, ErasureReceipt.Outcome.UNKNOWN_SUBJECT, trail)
                    .build();
        }
        try (Admin admin = Admin.create(clientSettings)) {
            Map<TopicPartition, Long> lastOffsets = new TreeMap<>(SubjectTrail.ORDER);
            lastOffsets.putAll(trail.lastOffsets());
            GroupProgress progress = new GroupProgress(admin);
            Instant deadline = clock.instant().plus(wait);
            // first every reader past the person's records, so that the monitor holds all it will ever hold of them
            // when it is asked to forget: a request overtaking its event's prediction would leave the prediction
            List<String> waitingFor = awaitReaders(progress, lastOffsets, Map.of(), deadline);
            if (waitingFor.isEmpty() && config.monitor().isPresent()) {
                Map<TopicPartition, Long> requests = request(trail.eventIds(), requestId);
                lastOffsets.putAll(requests); // the requests name event ids: they go too, once the monitor has them
                waitingFor = awaitReaders(progress, lastOffsets, requests, deadline);
            }
            if (!waitingFor.isEmpty()) {
                return receipt(subject, requestId, requestedAt, ErasureReceipt.Outcome.PENDING, trail)
                        .waitingFor(waitingFor)
                        .build();
            }
            // the images last: they are how a rerun finds the person's events, should this stop half-way
            truncate(
                    admin,
                    lastOffsets,
                    partition -> !partition.topic().equals(config.topics().images()));
            truncate(
                    admin,
                    lastOffsets,
                    partition -> partition.topic().equals(config.topics().images()));
            Map<String, Integer> remaining =
                    new TreeMap<>(search.find(subject, trail.eventIds()).records());
            remaining.putAll(liveState(
                    subject, trail.eventIds(), admin.listTopics().names().get()));
            Map<TopicPartition, Long> removedBefore = new TreeMap<>(SubjectTrail.ORDER);
            lastOffsets.forEach((partition, last) -> removedBefore.put(partition, last + 1));
            return receipt(
                            subject,
                            requestId,
                            requestedAt,
                            remaining.isEmpty() ? ErasureReceipt.Outcome.COMPLETE : ErasureReceipt.Outcome.INCOMPLETE,
                            trail)
                    .removedBefore(removedBefore)
                    .remaining(remaining)
                    .build();
        }
    }

    private static void truncate(Admin admin, Map<TopicPartition, Long> lastOffsets, Predicate<TopicPartition> which)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, RecordsToDelete> cut = new HashMap<>();
        lastOffsets.forEach((partition, last) -> {
            if (which.test(partition)) {
                cut.put(partition, RecordsToDelete.beforeOffset(last + 1));
            }
        });
        admin.deleteRecords(cut).all().get();
    }

    /** One request per event id, keyed by it (so it reaches the task that holds the event); their last offsets. */
    private Map<TopicPartition, Long> request(Set<String> eventIds, String requestId)
            throws InterruptedException, ExecutionException {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<TopicPartition, Long> last = new TreeMap<>(SubjectTrail.ORDER);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String eventId : eventIds) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(
                                config.topics().erasures(),
                                eventId.getBytes(StandardCharsets.UTF_8),
                                requestId.getBytes(StandardCharsets.UTF_8)))
                        .get();
                last.merge(new TopicPartition(sent.topic(), sent.partition()), sent.offset(), Math::max);
            }
        }
        return last;
    }

    /** Who is still behind at {@code deadline}; empty as soon as nobody is. */
    private List<String> awaitReaders(
            GroupProgress progress,
            Map<TopicPartition, Long> lastOffsets,
            Map<TopicPartition, Long> requests,
            Instant deadline)
            throws InterruptedException, ExecutionException {
        String monitor = BiasMonitorTopology.applicationId(config.applicationId());
        while (true) {
            List<String> behind = new ArrayList<>(progress.behind(lastOffsets));
            if (!requests.isEmpty() && !progress.past(monitor, requests)) {
                behind.add(monitor + " on its erasure requests");
            }
            if (behind.isEmpty() || !clock.instant().isBefore(deadline)) {
                return behind;
            }
            Thread.sleep(POLL.toMillis()); // paces polls of the cluster's group offsets
        }
    }

    /**
     * What the app would restore of the person: live entries of their events in the monitor's per-event stores, and
     * pending images naming them, read from the changelogs as tables.
     */
    private Map<String, Integer> liveState(String subject, Set<String> eventIds, Set<String> existing) {
        Map<String, Integer> live = new TreeMap<>();
        if (config.monitor().isPresent()) {
            String monitor = BiasMonitorTopology.applicationId(config.applicationId());
            for (String store : BiasMonitorTopology.PER_EVENT_STORES) {
                Map<Bytes, byte[]> table = table(monitor + "-" + store + "-changelog", existing);
                long n = eventIds.stream()
                        .filter(id -> table.get(Bytes.wrap(id.getBytes(StandardCharsets.UTF_8))) != null)
                        .count();
                if (n > 0) {
                    live.put("store " + store, (int) n);
                }
            }
        }
        byte[] name = subject.getBytes(StandardCharsets.UTF_8);
        long pending = table(
                        config.applicationId() + "-" + ClassificationTopology.PENDING_STORE + "-changelog", existing)
                .values()
                .stream()
                .filter(v -> v != null && contains(v, name))
                .count();
        if (pending > 0) {
            live.put("store " + ClassificationTopology.PENDING_STORE, (int) pending);
        }
        return live;
    }

    /**
     * The changelog read as a table; empty when it does not exist (the store never wrote). A changelog that exists
     * but cannot be read fails the erasure rather than passing for empty.
     */
    private Map<Bytes, byte[]> table(String changelog, Set<String> existing) {
        Map<Bytes, byte[]> table = new HashMap<>();
        if (!existing.contains(changelog)) {
            return table;
        }
        TopicReader.readToEnd(readerSettings, changelog, READ_TIMEOUT, r -> {
            if (r.key() != null) {
                table.put(Bytes.wrap(r.key()), r.value());
            }
        });
        return table;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private ErasureReceipt.Builder receipt(
            String subject, String requestId, Instant requestedAt, ErasureReceipt.Outcome outcome, SubjectTrail trail) {
        return new ErasureReceipt.Builder(subject, requestId, requestedAt, clock, outcome, trail);
    }
}
