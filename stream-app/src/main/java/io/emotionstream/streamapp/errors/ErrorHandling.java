package io.emotionstream.streamapp.errors;

import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * What one Kafka Streams client's exception handlers share: where dead letters go, the breaker, the meters. Kafka
 * Streams creates its handlers itself (by class name) and hands them the client's configuration, so this object
 * travels in that configuration under {@link #CONFIG_KEY}.
 *
 * @param client      the client's name in logs and meter tags: {@code classifier} or {@code monitor}
 * @param deadLetters what every dead letter keeps of its record, fitted to the dead-letter topic
 */
public record ErrorHandling(
        String client,
        String deadLetterTopic,
        DeadLetterFit deadLetters,
        FailureBreaker breaker,
        FailureMetrics metrics) {
    public static final String CONFIG_KEY = "emotionstream.error.handling";

    /**
     * One record failed processing at {@code node}: counted, and the breaker asked. True when the client must stop
     * (then the breaker gauge says so too).
     */
    public boolean recordFailure(String node) {
        metrics.failed(node);
        boolean stop = breaker.failed();
        if (stop) {
            metrics.tripped();
        }
        return stop;
    }

    /** {@link DeadLetterFit#fit} to this client's dead-letter topic. */
    public DeadLetterFit.Fitted fit(byte[] key, byte[] value, Headers headers) {
        return deadLetters.fit(key, value, headers);
    }

    static ErrorHandling from(Map<String, ?> configs) {
        Object value = configs.get(CONFIG_KEY);
        if (value instanceof ErrorHandling handling) {
            return handling;
        }
        throw new IllegalStateException("Kafka Streams configuration has no " + CONFIG_KEY
                + ": build the properties with StreamsProperties, which sets it with the handlers");
    }
}
