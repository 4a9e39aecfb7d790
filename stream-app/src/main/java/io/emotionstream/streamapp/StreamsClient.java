package io.emotionstream.streamapp;

import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Kafka Streams client of the app: logged state changes, and a stop of either client stops the app. */
final class StreamsClient {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsClient.class);

    private StreamsClient() {
    }

    static KafkaStreams create(String name, Topology topology, Properties properties, Runnable onStop) {
        KafkaStreams client = new KafkaStreams(topology, properties);
        client.setUncaughtExceptionHandler(StreamsClient::onBug);
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
        return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING && s != KafkaStreams.State.PENDING_ERROR;
    }

    /**
     * What escapes the exception handlers: the breaker tripped (nearly every record fails), or a failure outside
     * record processing (a state store, the broker). Stopping loudly beats serving nothing but dead letters.
     */
    private static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onBug(Throwable e) {
        LOG.error("BUG: unexpected exception in the stream thread; stopping the client", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
