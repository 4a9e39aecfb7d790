package io.emotionstream.streamapp.privacy;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one person's records are: the ids of their events, and per topic how many records name the person or one of
 * those events and the last offset of such a record in each partition (a log is erased up to and including it).
 */
final class SubjectTrail {
    /** Partitions by topic, then number: the order receipts list them in. */
    static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Set<String> eventIds = new TreeSet<>();
    private final Map<String, Integer> records = new TreeMap<>();
    private final Map<TopicPartition, Long> lastOffsets = new TreeMap<>(ORDER);

    void event(String eventId) {
        eventIds.add(eventId);
    }

    void record(TopicPartition partition, long offset) {
        records.merge(partition.topic(), 1, Integer::sum);
        lastOffsets.merge(partition, offset, Math::max);
    }

    Set<String> eventIds() {
        return eventIds;
    }

    /** Records found per topic. */
    Map<String, Integer> records() {
        return records;
    }

    /** The last offset holding the person, per partition. */
    Map<TopicPartition, Long> lastOffsets() {
        return lastOffsets;
    }

    boolean isEmpty() {
        return eventIds.isEmpty() && records.isEmpty();
    }
}
