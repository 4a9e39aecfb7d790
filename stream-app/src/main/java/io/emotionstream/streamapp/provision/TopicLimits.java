package io.emotionstream.streamapp.provision;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Record-size limits of the topics the app writes, settled at start-up. Under exactly-once a record the broker refuses
 * for its size fails the whole transaction and stops the client; on restart the same input fails again. The app
 * therefore raises {@code max.message.bytes} on the topics it owns where it can (the dead letters, the micro-batch
 * changelog of an older deployment) and sizes every dead letter to what the dead-letter topic really takes.
 */
public final class TopicLimits {
    private static final Logger LOG = LoggerFactory.getLogger(TopicLimits.class);

    private TopicLimits() {}

    /**
     * Raises {@code topic}'s {@code max.message.bytes} to {@code wanted} if it is smaller and the app may; returns what
     * the topic takes afterwards (what dead letters must be fitted to), or empty when the topic does not exist.
     */
    public static OptionalInt ensureAtLeast(Admin admin, String topic, int wanted) {
        OptionalInt current = maxMessageBytes(admin, topic);
        if (current.isEmpty() || current.getAsInt() >= wanted) {
            return current;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        AlterConfigOp raise = new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(wanted)),
                AlterConfigOp.OpType.SET);
        try {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(raise)))
                    .all()
                    .get();
            LOG.info("{}: max.message.bytes raised from {} to {}", topic, current.getAsInt(), wanted);
            return OptionalInt.of(wanted);
        } catch (ExecutionException e) {
            LOG.warn(
                    "{}: max.message.bytes is {} and cannot be raised to {} ({}); larger dead letters keep only the "
                            + "original's SHA-256, size and position",
                    topic,
                    current.getAsInt(),
                    wanted,
                    e.getCause().toString());
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring " + topic, e);
        }
    }

    /** The topic's effective {@code max.message.bytes}, or empty when it does not exist. */
    public static OptionalInt maxMessageBytes(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry entry = admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null
                    ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return OptionalInt.empty();
            }
            throw new IllegalStateException(
                    "cannot read the configuration of " + topic + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the configuration of " + topic, e);
        }
    }
}
