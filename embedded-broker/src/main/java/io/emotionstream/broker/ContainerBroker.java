package io.emotionstream.broker;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * The broker of the project's own Kafka image ({@code deploy/docker/kafka}): one KRaft node from the Kafka jars on
 * Maven Central, configured the way the {@code apache/kafka} image is, from {@code KAFKA_*} environment variables.
 * Compose files and Testcontainers' {@code KafkaContainer} written for that image then run it unchanged on a machine
 * that cannot pull from a public registry. Not a production broker: what users deploy is their own Kafka.
 *
 * <p>The naming rule is the image's: drop {@code KAFKA_}, lower-case, then {@code ___} is {@code -}, {@code __} is
 * {@code _} and {@code _} is {@code .} ({@code KAFKA_LOG_DIRS} is {@code log.dirs}). The variables the image's
 * scripts read for the JVM ({@code KAFKA_HEAP_OPTS} and the like) are not broker settings. Unlike the image, the
 * defaults (a single node on :9092 advertised as localhost) stay under whatever the environment sets, so an
 * environment that names only what it changes is enough.
 */
public final class ContainerBroker {
    /** The cluster id the {@code apache/kafka} image formats with when {@code CLUSTER_ID} is not set. */
    static final String DEFAULT_CLUSTER_ID = "5L6g3nShT-eMCtK--X86sw";

    static final String DEFAULT_LOG_DIR = "/var/lib/kafka/data";

    private static final String PREFIX = "KAFKA_";
    private static final Set<String> JVM_VARIABLES = Set.of(
            "KAFKA_HEAP_OPTS",
            "KAFKA_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_LOG4J_LOGGERS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL",
            "KAFKA_TOOLS_LOG4J_LOGLEVEL",
            "KAFKA_JMX_OPTS",
            "KAFKA_JMX_PORT",
            "KAFKA_JMX_HOSTNAME",
            "KAFKA_VERSION",
            "KAFKA_HOME");

    private ContainerBroker() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Properties props = properties(env);
        String logDir = props.getProperty("log.dirs").split(",")[0];
        EmbeddedKafka.format(Path.of(logDir), props, env.getOrDefault("CLUSTER_ID", DEFAULT_CLUSTER_ID));
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "container-broker-shutdown"));
        server.startup();
        server.awaitShutdown();
    }

    /** The broker's settings: a single node's defaults, overridden by every {@code KAFKA_*} broker variable. */
    static Properties properties(Map<String, String> env) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("listeners", "PLAINTEXT://:9092,CONTROLLER://:9093");
        props.put("advertised.listeners", "PLAINTEXT://localhost:9092");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.put("controller.quorum.voters", "1@localhost:9093");
        props.put("log.dirs", DEFAULT_LOG_DIR);
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !JVM_VARIABLES.contains(name)) {
                props.put(propertyName(name), value);
            }
        });
        return props;
    }

    /** {@code KAFKA_LOG_DIRS} to {@code log.dirs}, by the {@code apache/kafka} image's rule. */
    static String propertyName(String variable) {
        String name = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        // Placeholders that cannot occur in a variable name keep the longer runs from being read as single dots.
        return name.replace("___", "\u0000")
                .replace("__", "\u0001")
                .replace('_', '.')
                .replace('\u0000', '-')
                .replace('\u0001', '_');
    }
}
