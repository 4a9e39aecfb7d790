package io.emotionstream.streamapp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a state store is rebuilt from its changelog, and when it is done: after an unclean stop under exactly-once
 * a task's stores are wiped and restored, which can keep {@code /ready} at 503 for a while; the log says why. Also
 * remembers when each restore last moved, so that one that stopped moving can be looked into
 * ({@link HangingTransactionWatch}).
 */
final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final String client;
    private final Clock clock;
    private final Map<TopicPartition, Instant> lastMoved = new ConcurrentHashMap<>();

    RestoreLog(String client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        lastMoved.put(partition, clock.instant());
        LOG.info("kafka streams ({}): restoring store {} from {} ({} records)", client, store, partition,
                endingOffset - startingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        lastMoved.put(partition, clock.instant()); // per batch: too often to log
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        lastMoved.remove(partition);
        LOG.info("kafka streams ({}): restored store {} from {} ({} records)", client, store, partition, totalRestored);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        lastMoved.remove(partition); // the task moved to another instance or was closed
    }

    /** The changelog partitions being restored that have not moved for {@code quiet} or longer. */
    List<TopicPartition> stalled(Duration quiet) {
        Instant before = clock.instant().minus(quiet);
        return lastMoved.entrySet().stream().filter(e -> !e.getValue().isAfter(before)).map(Map.Entry::getKey).toList();
    }

    /** Starts the quiet time of {@code partition} again: it was just looked into. */
    void lookedInto(TopicPartition partition) {
        lastMoved.computeIfPresent(partition, (p, at) -> clock.instant());
    }
}
