package io.emotionstream.streamapp;

import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.StreamAppConfig;

/**
 * A broker the stream app runs beside itself when no {@code bootstrap.servers} is configured. The deployable
 * stream-app jar has none ({@link #REQUIRED}: it refuses to start without a cluster); the launcher's
 * {@code ./emotion-stream serve} supplies the embedded one (demo module, {@code LocalServe}), so that no broker
 * code ships in the artifact deployments run.
 */
public interface LocalBroker extends AutoCloseable {
    /** What starts a local broker for a configuration that names no cluster. */
    @FunctionalInterface
    interface Starter {
        LocalBroker start(StreamAppConfig config);
    }

    /** A cluster must be configured. */
    Starter REQUIRED = config -> {
        throw new ConfigException(
                "bootstrap.servers is not set: name a Kafka cluster (EMOTION_STREAM_BOOTSTRAP_SERVERS), "
                        + "or run ./emotion-stream serve, which starts an embedded broker when none is configured");
    };

    String bootstrapServers();

    @Override
    void close();
}
