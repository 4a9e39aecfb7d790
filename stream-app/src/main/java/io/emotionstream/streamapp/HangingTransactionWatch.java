package io.emotionstream.streamapp;

import io.emotionstream.platform.kafka.HangingTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unsticks a stream client that a hanging transaction holds back ({@link HangingTransactions}): a transaction of a
 * stopped instance's producer that its coordinator will never complete keeps a changelog's restore from ending and
 * the group's committed offsets from being read, so the client stays REBALANCING and serves nothing, for good (seen
 * when a broker and the app stopped at the same moment). Three times after the start, {@link #QUIET} apart, and
 * whenever a client has not been RUNNING for {@link #QUIET}, the watch looks at every partition of the app's topics,
 * internal ones and the group offsets included, and aborts
 * the transactions there that their coordinator will never complete and whose consumer offsets hang with them
 * ({@link HangingTransactions#safeToAbort}): then nothing committed is lost, since the inputs they came from are read
 * again from the last commit (an output whose commit marker did arrive is written twice). One hanging on outputs alone
 * may have been committed, and aborting it would drop committed results: it is logged for an operator and left. Each
 * one is logged as an error and counted ({@code emotion_hanging_transactions_total{action}}); where the app may not
 * abort (an ACL), the log gives the command for an operator.
 */
final class HangingTransactionWatch implements AutoCloseable {
    /**
     * How long a client may be starting or rebalancing before the watch looks, and between two looks: three times the
     * transaction timeout Kafka Streams gives its producers (10 s), so a transaction its coordinator is about to time
     * out is not taken for a hanging one.
     */
    static final Duration QUIET = Duration.ofSeconds(30);

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Looks taken after the start whatever the clients' state, QUIET apart. */
    private static final int STARTUP_LOOKS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactionWatch.class);

    private final Admin admin;
    private final Predicate<String> ours;
    private final BooleanSupplier running;
    private final Consumer<HangingTransactions.Action> counted;
    private final Clock clock;
    private final Thread thread;
    // hanging transactions left to an operator, by partition: logged and counted once
    private final Set<Map.Entry<TopicPartition, HangingTransactions.Transaction>> reported = new HashSet<>();
    private volatile boolean open = true;

    /**
     * @param ours    the topics the app's producers write (outputs, internal topics, the group offsets)
     * @param running whether every stream client is RUNNING
     * @param counted counts what was done with one hanging transaction
     */
    HangingTransactionWatch(
            Map<String, Object> clientSettings,
            Predicate<String> ours,
            BooleanSupplier running,
            Consumer<HangingTransactions.Action> counted,
            Clock clock) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "emotion-stream-hanging-transaction-watch");
        this.admin = Admin.create(settings);
        this.ours = ours;
        this.running = running;
        this.counted = counted;
        this.clock = clock;
        this.thread = new Thread(this::run, "emotion-stream-hanging-transaction-watch");
        this.thread.setDaemon(true);
    }

    HangingTransactionWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        Instant startedAt = clock.instant();
        Instant lastLook = startedAt;
        while (open) {
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return; // closing
            }
            Instant now = clock.instant();
            // a previous instance's transactions are old enough to judge QUIET after the start; one hanging on an
            // output alone stops only its readers, never this app, so the first looks do not wait for a client to stall
            boolean starting = now.isBefore(startedAt.plus(QUIET.multipliedBy(STARTUP_LOOKS + 1)));
            if (running.getAsBoolean() && !starting) {
                lastLook = now;
            } else if (!now.isBefore(lastLook.plus(QUIET))) {
                look();
                lastLook = now;
            }
        }
    }

    private void look() {
        try {
            List<TopicPartition> partitions = HangingTransactions.partitionsOf(admin, ours);
            List<HangingTransactions.Hanging> hanging =
                    HangingTransactions.find(admin, partitions, QUIET, clock.instant());
            List<HangingTransactions.Hanging> safe = HangingTransactions.safeToAbort(hanging);
            for (HangingTransactions.Hanging h : hanging) {
                if (safe.contains(h)) {
                    abort(h);
                } else if (reported.add(Map.entry(h.partition(), h.transaction()))) {
                    counted.accept(HangingTransactions.Action.LEFT);
                    LOG.error(
                            "a hanging transaction holds back {} (producer {}, epoch {}, open from offset {}) and is "
                                    + "left alone: its consumer offsets are not open with it, so it may have been "
                                    + "committed, and aborting it would drop committed results. An operator can abort "
                                    + "it (kafka-transactions.sh --bootstrap-server ... abort --topic {} --partition {} "
                                    + "--start-offset {}), accepting that loss",
                            h.partition(),
                            h.producerId(),
                            h.producerEpoch(),
                            h.firstOffset(),
                            h.partition().topic(),
                            h.partition().partition(),
                            h.firstOffset());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn(
                    "a stream client has not been running for {} s, and its topics' transactions could not be looked "
                            + "into: {}",
                    QUIET.toSeconds(),
                    e.toString());
        }
    }

    private void abort(HangingTransactions.Hanging hanging) throws InterruptedException {
        try {
            HangingTransactions.abort(admin, hanging);
            counted.accept(HangingTransactions.Action.ABORTED);
            LOG.error(
                    "aborted a hanging transaction on {}: producer {} (epoch {}) left it open from offset {} {} s ago "
                            + "and its coordinator will not complete it; what it held was never committed",
                    hanging.partition(),
                    hanging.producerId(),
                    hanging.producerEpoch(),
                    hanging.firstOffset(),
                    hanging.openFor().toSeconds());
        } catch (ExecutionException | TimeoutException e) {
            LOG.error(
                    "a hanging transaction holds back {} (producer {}, epoch {}, open from offset {}) and could not be "
                            + "aborted ({}); an operator can: kafka-transactions.sh --bootstrap-server ... abort --topic {} "
                            + "--partition {} --start-offset {}",
                    hanging.partition(),
                    hanging.producerId(),
                    hanging.producerEpoch(),
                    hanging.firstOffset(),
                    e.getCause() == null ? e : e.getCause(),
                    hanging.partition().topic(),
                    hanging.partition().partition(),
                    hanging.firstOffset());
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        admin.close(Duration.ZERO);
    }
}
