package io.emotionstream.streamapp;

import io.emotionstream.platform.kafka.HangingTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unsticks a state restore that a hanging transaction holds back: every {@link #INTERVAL} it looks at the changelog
 * partitions whose restore has not moved for {@link #QUIET}, and aborts the transactions on them that their
 * coordinator will never complete ({@link HangingTransactions}). Without it such a restore never ends and the app
 * serves nothing from that partition again (seen when a broker and the app stopped at the same moment). Aborting
 * loses nothing: what the transaction held was never committed, and the inputs it came from are read again from the
 * last commit. Each abort is logged as an error and counted ({@code emotion_hanging_transactions_aborted_total}); where
 * the app may not abort (an ACL), the log gives the command for an operator.
 */
final class HangingTransactionWatch implements AutoCloseable {
    /**
     * A restore this long without a batch is looked into: three times the transaction timeout Kafka Streams gives
     * its producers (10 s), so a transaction its coordinator is about to time out is not taken for a hanging one.
     */
    static final Duration QUIET = Duration.ofSeconds(30);
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactionWatch.class);

    private final Admin admin;
    private final List<RestoreLog> restores;
    private final Clock clock;
    private final Runnable aborted;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param aborted counts one abort */
    HangingTransactionWatch(Map<String, Object> clientSettings, List<RestoreLog> restores, Runnable aborted, Clock clock) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "emotion-stream-hanging-transaction-watch");
        this.admin = Admin.create(settings);
        this.restores = List.copyOf(restores);
        this.clock = clock;
        this.aborted = aborted;
        this.thread = new Thread(this::run, "emotion-stream-hanging-transaction-watch");
        this.thread.setDaemon(true);
    }

    HangingTransactionWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return; // closing
            }
            for (RestoreLog restore : restores) {
                restore.stalled(QUIET).forEach(partition -> lookInto(restore, partition));
            }
        }
    }

    private void lookInto(RestoreLog restore, TopicPartition partition) {
        restore.lookedInto(partition);
        try {
            for (HangingTransactions.Hanging hanging : HangingTransactions.find(admin, partition, QUIET, clock.instant())) {
                abort(hanging);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("the restore of {} has not moved for {} s, and its transactions could not be looked into: {}",
                    partition, QUIET.toSeconds(), e.toString());
        }
    }

    private void abort(HangingTransactions.Hanging hanging) throws InterruptedException {
        try {
            HangingTransactions.abort(admin, hanging);
            aborted.run();
            LOG.error("aborted a hanging transaction on {}: producer {} (epoch {}) left it open from offset {} {} s ago "
                            + "and its coordinator will not complete it; the restore of that partition can now end "
                            + "(nothing committed is lost)", hanging.partition(), hanging.producerId(),
                    hanging.producerEpoch(), hanging.firstOffset(), hanging.openFor().toSeconds());
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("a hanging transaction holds back the restore of {} (producer {}, epoch {}, open from offset {}) "
                            + "and could not be aborted ({}); an operator can: kafka-transactions.sh --bootstrap-server ... "
                            + "abort --topic {} --partition {} --start-offset {}", hanging.partition(), hanging.producerId(),
                    hanging.producerEpoch(), hanging.firstOffset(), e.getCause() == null ? e : e.getCause(),
                    hanging.partition().topic(), hanging.partition().partition(), hanging.firstOffset());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        admin.close(Duration.ZERO);
    }
}
