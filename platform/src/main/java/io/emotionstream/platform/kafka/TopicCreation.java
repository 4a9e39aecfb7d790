package io.emotionstream.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * "Create if absent" for every component that creates topics: the stream app at start-up, the release publisher, the
 * benchmark. It returns once every partition is writable, not merely known: in KRaft a broker's metadata cache names a
 * new partition's leader a moment before the leader's replica manager opens it, and a produce in that window gets
 * NOT_LEADER_OR_FOLLOWER. An idempotent producer whose first batch failed that way while later ones were in flight
 * was then refused with OutOfOrderSequenceException on every retry ("expected sequence 0 for transactions v2
 * idempotent producer with no existing state", KAFKA-18202), until its send timed out: bench-stream's warm phase died
 * of exactly that.
 */
public final class TopicCreation {
    /** A topic that neither exists nor could be created; {@link #reason()} is the broker's or the client's word. */
    public static final class Failed extends IllegalStateException {
        private final String topic;
        private final String reason;

        Failed(String topic, Throwable cause) {
            super("cannot create topic " + topic + ": " + cause.getMessage(), cause);
            this.topic = topic;
            this.reason = cause.getMessage();
        }

        public String topic() {
            return topic;
        }

        public String reason() {
            return reason;
        }
    }

    private TopicCreation() {}

    /**
     * Creates each topic unless it exists, one at a time, so one existing topic does not hide another's failure, then
     * waits until every partition of every topic is writable.
     */
    public static void createIfAbsent(Admin admin, List<NewTopic> topics) {
        try {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new Failed(topic.name(), e.getCause());
                    }
                }
            }
            awaitWritable(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Returns once each partition's leader answers for it. ListOffsets goes to the same replica manager a produce
     * does, and the admin client retries it on NOT_LEADER_OR_FOLLOWER until its API timeout (60 s by default). The
     * description before it can fail too: a topic another client has just created (this one was told it exists) or
     * that the controller has just committed is not yet in the answering broker's metadata, and describeTopics
     * reports UNKNOWN_TOPIC_OR_PARTITION without retrying; so retriable errors are retried here, up to {@link #PATIENCE}.
     */
    static void awaitWritable(Admin admin, List<String> topics) throws InterruptedException {
        for (String topic : topics) {
            retrying(
                    topic,
                    () -> {
                        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                        admin.describeTopics(List.of(topic))
                                .allTopicNames()
                                .get()
                                .get(topic)
                                .partitions()
                                .forEach(p ->
                                        partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                        admin.listOffsets(partitions).all().get();
                    },
                    PATIENCE,
                    BACKOFF);
        }
    }

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final Duration BACKOFF = Duration.ofMillis(100);

    /** One admin round trip that may fail with the broker's error as the cause. */
    interface Attempt {
        void run() throws ExecutionException, InterruptedException;
    }

    /**
     * Runs {@code attempt} until it succeeds; an error Kafka calls retriable is tried again after {@code backoff}
     * until {@code patience} is spent, any other fails at once. Either way the failure names the topic.
     */
    static void retrying(String topic, Attempt attempt, Duration patience, Duration backoff)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                attempt.run();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() + backoff.toNanos() > deadline) {
                    throw new Failed(topic, e.getCause());
                }
                Thread.sleep(backoff.toMillis());
            }
        }
    }
}
