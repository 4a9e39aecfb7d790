package io.emotionstream.streamapp.testkit;

import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.config.RocksDbMemory;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamsProperties;
import io.emotionstream.streamapp.errors.DeadLetterFit;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.errors.FailureBreaker;
import io.emotionstream.streamapp.errors.FailureMetrics;
import io.emotionstream.streamapp.topology.OutputLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** What topology tests run with: the production Kafka Streams settings (exactly-once, exception handlers). */
public final class TopologyTestSettings {
    /** One budget for every test driver of the JVM, as one app shares one between its clients; never closed. */
    private static final RocksDbMemory ROCKS_DB_MEMORY = new RocksDbMemory(64L * 1024 * 1024);

    private TopologyTestSettings() {}

    /** Production properties for {@code applicationId}, state in a fresh temporary directory. */
    public static Properties properties(String applicationId, ErrorHandling errors) {
        try {
            Path state = Files.createTempDirectory("topology-test-");
            StreamAppConfig config =
                    StreamAppConfig.load(Optional.empty(), Map.of("EMOTION_STREAM_STATE_DIR", state.toString()));
            return StreamsProperties.of(
                    Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"),
                    applicationId,
                    1,
                    config,
                    errors,
                    ROCKS_DB_MEMORY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last line of defence as production wires it by default (dead letters keep a digest), meters on {@code registry}. */
    public static ErrorHandling errorHandling(
            String client, Topics topics, MeterRegistry registry, FailureBreaker breaker) {
        return errorHandling(client, topics, registry, breaker, DeadLetterValues.DIGEST);
    }

    /** As {@link #errorHandling(String, Topics, MeterRegistry, FailureBreaker)}, dead letters keeping {@code values}. */
    public static ErrorHandling errorHandling(
            String client, Topics topics, MeterRegistry registry, FailureBreaker breaker, DeadLetterValues values) {
        return new ErrorHandling(
                client,
                topics.deadLetters(),
                new DeadLetterFit(OutputLimits.MAX_RECORD_BYTES, values),
                breaker,
                new FailureMetrics(registry, client));
    }
}
