package io.emotionstream.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;

/**
 * Finds and aborts a partition's hanging transactions: records of a transaction that its coordinator no longer holds
 * open, so no commit or abort marker will ever follow them, and the partition's last stable offset stays before them
 * for good. A read_committed reader (a state store restoring from its changelog) then never reaches the end. Seen here
 * when a broker and an exactly-once app were stopped at the same moment: the coordinator had moved on (its state for
 * that producer empty, a later epoch) while a changelog and the group's offsets kept an open transaction of the earlier
 * one. This is what {@code kafka-transactions.sh find-hanging} and {@code abort} do by hand (KIP-664).
 */
public final class HangingTransactions {
    /** Coordinator states in which a transaction is open or being completed: its markers will still come. */
    private static final Set<TransactionState> COMPLETING = EnumSet.of(
            TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_EPOCH_FENCE);

    private static final long CALL_TIMEOUT_MS = 10_000;

    private HangingTransactions() {}

    /** What was done with a hanging transaction found on a partition. */
    public enum Action {
        /** Aborted: its consumer offsets hung with it, so nothing committed was lost. */
        ABORTED,
        /** Left for an operator: it may have been committed, and aborting it would drop committed results. */
        LEFT;

        /** The metric tag value. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A producer's transaction: its id and the epoch it wrote with. */
    public record Transaction(long producerId, int producerEpoch) {}

    /** One open transaction on a partition that its coordinator does not complete. */
    public record Hanging(
            TopicPartition partition,
            long producerId,
            int producerEpoch,
            int coordinatorEpoch,
            long firstOffset,
            Duration openFor) {
        public Transaction transaction() {
            return new Transaction(producerId, producerEpoch);
        }
    }

    /**
     * Whether {@code producer}'s open transaction on {@code partition} hangs: its last write is at least
     * {@code minAge} old, and no coordinator view of that producer id ({@code coordinatorViews}) is completing a
     * transaction of the same epoch that includes the partition. Without an open transaction, or younger, it does not.
     */
    static boolean hangs(
            TopicPartition partition,
            ProducerState producer,
            Collection<TransactionDescription> coordinatorViews,
            Instant now,
            Duration minAge) {
        if (producer.currentTransactionStartOffset().isEmpty()
                || Duration.between(Instant.ofEpochMilli(producer.lastTimestamp()), now)
                                .compareTo(minAge)
                        < 0) {
            return false;
        }
        return coordinatorViews.stream()
                .noneMatch(view -> view.producerId() == producer.producerId()
                        && view.producerEpoch() == producer.producerEpoch()
                        && COMPLETING.contains(view.state())
                        && view.topicPartitions().contains(partition));
    }

    /**
     * The hanging transactions on {@code partitions} whose last write is at least {@code minAge} old. One transaction
     * hangs on every partition it wrote to and no marker reached: a changelog, an output topic, and the consumer
     * group's offsets partition (where it holds the group's committed offsets back: a task then cannot start, its
     * fetch of the committed offsets timing out), so callers pass all of them.
     */
    public static List<Hanging> find(Admin admin, Collection<TopicPartition> partitions, Duration minAge, Instant now)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<Hanging> hanging = new ArrayList<>();
        Map<Long, Collection<TransactionDescription>> views = new HashMap<>();
        var producers = admin.describeProducers(partitions).all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        for (var partition : producers.entrySet()) {
            for (ProducerState producer : partition.getValue().activeProducers()) {
                if (producer.currentTransactionStartOffset().isEmpty()) {
                    continue;
                }
                Collection<TransactionDescription> view = views.get(producer.producerId());
                if (view == null) {
                    view = coordinatorViews(admin, producer.producerId());
                    views.put(producer.producerId(), view);
                }
                if (hangs(partition.getKey(), producer, view, now, minAge)) {
                    hanging.add(new Hanging(
                            partition.getKey(),
                            producer.producerId(),
                            producer.producerEpoch(),
                            producer.coordinatorEpoch().orElse(-1),
                            producer.currentTransactionStartOffset().getAsLong(),
                            Duration.between(Instant.ofEpochMilli(producer.lastTimestamp()), now)));
                }
            }
        }
        return hanging;
    }

    /** Every partition of the topics {@code ours} accepts, internal topics included. */
    public static List<TopicPartition> partitionsOf(Admin admin, Predicate<String> ours)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> names = admin
                .listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .stream()
                .filter(ours)
                .collect(Collectors.toSet());
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(names)
                .allTopicNames()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        return partitions;
    }

    /**
     * The hanging transactions that can be aborted without losing what was committed: those whose producer's
     * transaction also hangs on a consumer group's offsets partition, so its input offsets were not committed either and
     * what it held is read again and written again. A transaction that hangs on outputs alone may have been committed
     * (its offsets' marker arrived, an output's did not): aborting it would drop committed results for good, so it is
     * left to an operator.
     */
    public static List<Hanging> safeToAbort(List<Hanging> hanging) {
        Set<Transaction> offsetsOpen = hanging.stream()
                .filter(h -> h.partition().topic().equals(Topic.GROUP_METADATA_TOPIC_NAME))
                .map(Hanging::transaction)
                .collect(Collectors.toSet());
        return hanging.stream()
                .filter(h -> offsetsOpen.contains(h.transaction()))
                .toList();
    }

    /** Writes the abort marker the coordinator never wrote: the records are dropped, the stable offset moves on. */
    public static void abort(Admin admin, Hanging hanging)
            throws ExecutionException, InterruptedException, TimeoutException {
        admin.abortTransaction(new AbortTransactionSpec(
                        hanging.partition(),
                        hanging.producerId(),
                        (short) hanging.producerEpoch(),
                        hanging.coordinatorEpoch()))
                .all()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** What the coordinators hold for the transactional ids that use {@code producerId}. */
    private static Collection<TransactionDescription> coordinatorViews(Admin admin, long producerId)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> ids = admin
                .listTransactions(new ListTransactionsOptions().filterProducerIds(Set.of(producerId)))
                .all()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .stream()
                .map(TransactionListing::transactionalId)
                .toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return admin.describeTransactions(ids)
                .all()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .values();
    }
}
