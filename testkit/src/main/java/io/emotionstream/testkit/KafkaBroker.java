package io.emotionstream.testkit;

import io.emotionstream.broker.EmbeddedKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker for a test class: a Kafka container through Testcontainers, or the project's embedded
 * single-node KRaft broker on 127.0.0.1 (the same one {@code serve} starts). Tests stay apart by unique topic names,
 * so one broker serves the whole class.
 *
 * <pre>{@code @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();}</pre>
 *
 * <p>{@code -Demotionstream.it.broker=embedded|testcontainers} chooses, embedded by default: it needs nothing but
 * the JDK, and a container would make a test wait on (or fail for) a registry or a Docker host that may not be
 * reachable. {@code -Demotionstream.it.kafka.image} names the container's image, by default {@code apache/kafka} at
 * the Kafka client's version; the project's own image ({@code emotion-stream/kafka}, {@code deploy/docker/kafka}) is
 * configured the same way and is what CI runs the container path with (the {@code containers} profile of the
 * stream-app and demo modules).
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    private AutoCloseable running;
    private String bootstrapServers;
    private String description;

    @Override
    public void beforeAll(ExtensionContext context) {
        String mode = System.getProperty("emotionstream.it.broker", "embedded").toLowerCase(Locale.ROOT);
        boolean container = switch (mode) {
            case "testcontainers" -> true;
            case "embedded" -> false;
            default ->
                throw new IllegalArgumentException(
                        "emotionstream.it.broker must be embedded or testcontainers, " + "not '" + mode + "'");
        };
        if (container) {
            startContainer();
        } else {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            running = kafka;
            bootstrapServers = kafka.bootstrapServers();
            description = "embedded KRaft broker at " + bootstrapServers;
        }
        System.err.println("[KafkaBroker] " + context.getDisplayName() + ": " + description);
    }

    private static String image() {
        return System.getProperty("emotionstream.it.kafka.image", "apache/kafka:" + clientsVersion());
    }

    /** The version of the Kafka clients on the classpath (their own kafka/kafka-version.properties). */
    private static String clientsVersion() {
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties properties = new Properties();
            properties.load(Objects.requireNonNull(in, "kafka-clients has no kafka/kafka-version.properties"));
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startContainer() {
        String image = image();
        // Exactly-once needs the transaction log; one broker means replication factor and min ISR of 1.
        KafkaContainer kafka = new KafkaContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        kafka.start();
        running = kafka;
        bootstrapServers = kafka.getBootstrapServers();
        description = "Testcontainers " + image + " at " + bootstrapServers;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("KafkaBroker is used before the test class started it: "
                    + "register it as a static @RegisterExtension field");
        }
        return bootstrapServers;
    }

    /** Which broker runs, for logs and assertions about the environment. */
    public String description() {
        return description;
    }
}
