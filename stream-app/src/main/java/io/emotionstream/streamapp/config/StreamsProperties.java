package io.emotionstream.streamapp.config;

import io.emotionstream.streamapp.errors.DeadLetteringExceptionHandler;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.topology.OutputLimits;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings of the app's clients, as one pure function: production and the topology tests use the
 * same ones (exactly-once, the exception handlers, the sizes), so what is tested is what runs.
 */
public final class StreamsProperties {
    private StreamsProperties() {}

    /**
     * @param clientSettings bootstrap servers and any {@code kafka.*} overrides, applied first (ours win where they
     *                       must: exactly-once and the handlers are not optional)
     */
    public static Properties of(
            Map<String, Object> clientSettings,
            String applicationId,
            int threads,
            StreamAppConfig config,
            ErrorHandling errors,
            RocksDbMemory rocksDbMemory) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(config.commitInterval().toMillis()));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(config.standbyReplicas()));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        // A poll brings at most a few batches: the stream thread goes back to poll() well within max.poll.interval.ms
        // even at the slowest inference measured (about 60 ms per 32 images).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "256");
        // An idle poll must not outlast the batch wait, or a partial batch waits for poll() instead of its timer.
        p.put(
                StreamsConfig.POLL_MS_CONFIG,
                Long.toString(Math.min(100, config.batching().maxWait().toMillis())));
        // What the app accepted, it can write again (changelog, dead letter): see OutputLimits.
        p.put(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(OutputLimits.MAX_RECORD_BYTES));
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringExceptionHandler.class.getName());
        p.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
                "true"); // no global stores yet: be ready
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringExceptionHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringExceptionHandler.class.getName());
        p.put(ErrorHandling.CONFIG_KEY, errors);
        // every store in one off-heap budget, shared by both clients (docs/benchmarks.md, memory)
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
        p.put(RocksDbMemory.CONFIG_KEY, rocksDbMemory);
        return p;
    }
}
