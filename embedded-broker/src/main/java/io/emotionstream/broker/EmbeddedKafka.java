package io.emotionstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker (broker and controller in one process) bound to 127.0.0.1 only, from the Kafka jars
 * on Maven Central: the default when no {@code bootstrap.servers} is configured, and the real broker of the
 * integration tests. Storage is formatted on first start and reused on the next (topics, records, offsets and
 * transactions survive a restart); a temporary directory is deleted on close.
 *
 * <p>{@link #start} returns a broker that is ready for what every client here does first: its group and transaction
 * coordinators are loaded. The broker creates their internal topics on the first coordinator lookup; left to the
 * clients, the app's transactional producers looked up at the same moment and the broker logged a failed creation
 * ({@code TOPIC_ALREADY_EXISTS}) for each one that lost the race.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String LOOPBACK = LoopbackPorts.LOOPBACK;

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final int securePort;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int brokerPort, int securePort, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.securePort = securePort;
        this.server = server;
    }

    /** Starts a broker on free loopback ports with its data in a new temporary directory. */
    public static EmbeddedKafka start() {
        return start(0);
    }

    /** As {@link #start()}, with the client port fixed ({@code 0}: any free port). */
    public static EmbeddedKafka start(int port) {
        try {
            return start(Files.createTempDirectory("emotion-stream-kafka-"), true, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the embedded broker", e);
        }
    }

    public static EmbeddedKafka start(Path dataDir, boolean deleteOnClose, int port) {
        return start(
                dataDir,
                deleteOnClose,
                port == 0 ? LoopbackPorts.free() : port,
                LoopbackPorts.free(),
                -1,
                new Properties());
    }

    /**
     * A broker that authenticates and authorises clients on a second listener, {@link #secureBootstrapServers()}:
     * SASL_SSL with SCRAM-SHA-512 (TLS with the key in {@code keystore}, PKCS12) and Kafka's {@code StandardAuthorizer},
     * which denies what no ACL allows. The plaintext listener of {@link #bootstrapServers()} stays for the broker's own
     * traffic and for the test's administrator, whose anonymous principal is the super user: a harness for tests of
     * authentication and ACLs, on loopback only, not a deployment.
     */
    public static EmbeddedKafka startSecured(Path keystore, String password) {
        int brokerPort = LoopbackPorts.free();
        int controllerPort = LoopbackPorts.free();
        int securePort = LoopbackPorts.free();
        try {
            return start(
                    Files.createTempDirectory("emotion-stream-kafka-"),
                    true,
                    brokerPort,
                    controllerPort,
                    securePort,
                    secured(brokerPort, controllerPort, securePort, keystore, password));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the embedded broker", e);
        }
    }

    /**
     * The settings of a node that also listens on {@code securePort} with SASL/SCRAM-SHA-512 over TLS (the key in
     * {@code keystore}) and authorises with the StandardAuthorizer; its plaintext and controller listeners stay, their
     * anonymous principal the super user (the nodes' own traffic, and a test's administrator, on loopback).
     */
    public static Properties secured(
            int brokerPort, int controllerPort, int securePort, Path keystore, String password) {
        Properties secure = new Properties();
        String sasl = ",SASL_SSL://" + LOOPBACK + ":" + securePort;
        secure.put(
                "listeners",
                "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort
                        + sasl);
        secure.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + sasl);
        secure.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        secure.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        secure.put(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        secure.put("ssl.keystore.location", keystore.toString());
        secure.put("ssl.keystore.password", password);
        secure.put("ssl.key.password", password);
        secure.put("ssl.keystore.type", "PKCS12");
        secure.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        secure.put("super.users", "User:ANONYMOUS");
        return secure;
    }

    private static EmbeddedKafka start(
            Path dataDir,
            boolean deleteOnClose,
            int brokerPort,
            int controllerPort,
            int securePort,
            Properties overrides) {
        KafkaRaftServer server = startNode(
                dataDir,
                1,
                brokerPort,
                controllerPort,
                "1@" + LOOPBACK + ":" + controllerPort,
                1,
                Uuid.randomUuid().toString(),
                overrides);
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, deleteOnClose, brokerPort, securePort, server);
        try {
            awaitCoordinators(kafka.bootstrapServers());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /**
     * Runs one node (broker and controller) of a multi-node cluster in this process until it is stopped: what
     * {@link ClusterNode} starts in a process of its own. Storage is formatted with {@code clusterId} on first start.
     */
    static KafkaRaftServer startNode(
            Path dataDir, int nodeId, int brokerPort, int controllerPort, String voters, int nodes, String clusterId) {
        return startNode(dataDir, nodeId, brokerPort, controllerPort, voters, nodes, clusterId, new Properties());
    }

    static KafkaRaftServer startNode(
            Path dataDir,
            int nodeId,
            int brokerPort,
            int controllerPort,
            String voters,
            int nodes,
            String clusterId,
            Properties overrides) {
        Properties props = nodeProperties(nodeId, dataDir.resolve("logs"), brokerPort, controllerPort, voters, nodes);
        props.putAll(overrides);
        format(dataDir.resolve("logs"), props, clusterId);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    public String bootstrapServers() {
        return LOOPBACK + ":" + brokerPort;
    }

    /** The SASL_SSL listener of a broker from {@link #startSecured}. */
    public String secureBootstrapServers() {
        if (securePort < 0) {
            throw new IllegalStateException("this broker has no secured listener");
        }
        return LOOPBACK + ":" + securePort;
    }

    /**
     * One lookup of each coordinator, from one client: the broker creates {@code __consumer_offsets} and
     * {@code __transaction_state} once (or finds them after a restart), and the admin client retries until each
     * coordinator answers.
     */
    public static void awaitCoordinators(String bootstrapServers) {
        String probe = "emotion-stream-embedded-readiness";
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.listConsumerGroupOffsets(probe)
                    .partitionsToOffsetAndMetadata()
                    .get();
            try {
                admin.describeTransactions(List.of(probe)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                    throw e; // the coordinator answered "no such id": it is loaded; anything else is a failure
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the broker at " + bootstrapServers + " started but its coordinators did not " + "load: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker at " + bootstrapServers + " started", e);
        }
    }

    /**
     * One node of a cluster of {@code nodes}: each node is broker and controller, every internal topic and every topic
     * created without a factor is replicated to all nodes (at most three), and a write needs all but one in sync.
     */
    static Properties nodeProperties(
            int nodeId, Path logDir, int brokerPort, int controllerPort, String voters, int nodes) {
        String replication = Integer.toString(Math.min(3, nodes));
        String minInSync = Integer.toString(Math.max(1, Math.min(3, nodes) - 1));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put(
                "listeners",
                "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", replication);
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "1");
        p.put("default.replication.factor", replication);
        p.put("min.insync.replicas", minInSync);
        p.put("group.initial.rebalance.delay.ms", "0");
        // Transactions v2: a produce into a new transaction while the last one's markers are still being written is
        // retried here, by the broker, for up to this long before CONCURRENT_TRANSACTIONS goes back to the producer.
        // The default, 100 ms, is shorter than marker writes take when the app and this broker share two busy cores:
        // the bounced first batch then made every batch in flight behind it fail with a (retriable)
        // OutOfOrderSequenceException, logged as an ERROR by the broker for each (KAFKA-18654, KAFKA-18202).
        p.put("add.partitions.to.txn.retry.backoff.max.ms", "5000");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }

    /**
     * Formats the storage in {@code logDir} on first start; a directory that holds a formatted log is started as it is.
     * The settings are written beside it for the storage tool (and for whoever looks at the node later).
     */
    static void format(Path logDir, Properties props, String clusterId) {
        if (Files.isRegularFile(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolveSibling("server.properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                props.store(out, "emotion-stream embedded broker");
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int code = StorageTool.execute(
                    new String[] {
                        "format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"
                    },
                    new PrintStream(log, true, StandardCharsets.UTF_8));
            if (code != 0) {
                throw new IllegalStateException("formatting the broker's storage in " + logDir + " failed: "
                        + log.toString(StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's storage in " + logDir, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }
}
