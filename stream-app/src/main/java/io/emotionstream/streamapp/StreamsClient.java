package io.emotionstream.streamapp;

import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Kafka Streams client of the app: logged state changes, and a stop of either client stops the app. */
final class StreamsClient {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsClient.class);

    private StreamsClient() {}

    static KafkaStreams create(String name, Topology topology, Properties properties, Runnable onStop) {
        KafkaStreams client = new KafkaStreams(topology, properties);
        ThreadFailurePolicy policy = new ThreadFailurePolicy(Clock.systemUTC());
        client.setUncaughtExceptionHandler(e -> onEscaped(name, policy, e));
        client.setGlobalStateRestoreListener(new RestoreLog(name));
        client.setStateListener((now, before) -> {
            LOG.info("kafka streams ({}) {} -> {}", name, before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                onStop.run(); // either client stopping stops the app: never half a service
            }
        });
        return client;
    }

    /** Running, rebalancing or starting: not stopped and not stopping on an error. */
    static boolean alive(KafkaStreams client) {
        KafkaStreams.State s = client.state();
        return s != KafkaStreams.State.ERROR
                && s != KafkaStreams.State.NOT_RUNNING
                && s != KafkaStreams.State.PENDING_ERROR;
    }

    /**
     * What escapes the exception handlers: the breaker tripped (nearly every record fails), a failure outside record
     * processing (a state store), or the broker. Kafka's transient errors replace the thread ({@link
     * ThreadFailurePolicy}); the rest stops the client: stopping loudly beats serving nothing but dead letters.
     */
    private static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onEscaped(
            String name, ThreadFailurePolicy policy, Throwable e) {
        StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = policy.onException(e);
        if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD) {
            LOG.error(
                    "kafka streams ({}): a transient Kafka error escaped a stream thread; replacing the thread "
                            + "({} of at most {} in {})",
                    name,
                    policy.recentReplacements(),
                    ThreadFailurePolicy.MAX_REPLACEMENTS,
                    ThreadFailurePolicy.WINDOW,
                    e);
        } else {
            LOG.error(
                    "BUG: unexpected exception in a stream thread of kafka streams ({}); stopping the client", name, e);
        }
        return response;
    }
}
