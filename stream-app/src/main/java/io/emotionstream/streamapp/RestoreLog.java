package io.emotionstream.streamapp;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a state store is rebuilt from its changelog, and when it is done: after an unclean stop under exactly-once
 * a task's stores are wiped and restored, which can keep {@code /ready} at 503 for a while; the log says why.
 */
final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final String client;

    RestoreLog(String client) {
        this.client = client;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        LOG.info(
                "kafka streams ({}): restoring store {} from {} ({} records)",
                client,
                store,
                partition,
                endingOffset - startingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // per batch: too often to log
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        LOG.info("kafka streams ({}): restored store {} from {} ({} records)", client, store, partition, totalRestored);
    }
}
