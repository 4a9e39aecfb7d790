package io.emotionstream.testkit;

import io.emotionstream.broker.ClusterNode;
import io.emotionstream.broker.EmbeddedKafka;
import io.emotionstream.broker.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.awaitility.Awaitility;

/**
 * A real multi-node KRaft cluster on 127.0.0.1 for fault tests and benchmarks: each node a process of its own
 * ({@link ClusterNode}: broker and controller), replication factor 3 and {@code min.insync.replicas=2} for every
 * topic. Nodes can be killed (SIGKILL), stopped (SIGTERM, a controlled shutdown), frozen (SIGSTOP) and resumed, and
 * started again on their data; ports stay the same, so clients reconnect by themselves.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final String clusterId =
            UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    /** The SASL_SSL listener of each node, when the cluster is {@link #startSecured secured}; else empty. */
    private final int[] securePorts;

    private final Process[] processes;
    private final String voters;

    private KafkaCluster(Path dir, int nodes, boolean secured) {
        this.dir = dir;
        this.securePorts = secured
                ? IntStream.range(0, nodes).map(i -> LoopbackPorts.free()).toArray()
                : new int[0];
        this.brokerPorts =
                IntStream.range(0, nodes).map(i -> LoopbackPorts.free()).toArray();
        this.controllerPorts =
                IntStream.range(0, nodes).map(i -> LoopbackPorts.free()).toArray();
        this.processes = new Process[nodes];
        this.voters = IntStream.range(0, nodes)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
    }

    /** Starts {@code nodes} nodes with their data under {@code dir} and returns once all are brokers of the cluster. */
    public static KafkaCluster start(Path dir, int nodes) {
        return start(dir, nodes, null, null);
    }

    /**
     * As {@link #start}, every node also listening for SASL/SCRAM-SHA-512 over TLS (its key in {@code keystore}) on
     * {@link #secureBootstrapServers()} and authorising with the StandardAuthorizer ({@link EmbeddedKafka#secured}).
     */
    public static KafkaCluster startSecured(Path dir, int nodes, Path keystore, String password) {
        return start(dir, nodes, keystore, password);
    }

    private static KafkaCluster start(Path dir, int nodes, Path keystore, String password) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        KafkaCluster cluster = new KafkaCluster(dir, nodes, keystore != null);
        try {
            if (keystore != null) {
                cluster.writeOverrides(keystore, password);
            }
            for (int node = 1; node <= nodes; node++) {
                cluster.start(node);
            }
            cluster.awaitBrokers(nodes);
            EmbeddedKafka.awaitCoordinators(cluster.bootstrapServers());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String bootstrapServers() {
        return IntStream.of(brokerPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The nodes' SASL_SSL listeners, of a cluster from {@link #startSecured}. */
    public String secureBootstrapServers() {
        if (securePorts.length == 0) {
            throw new IllegalStateException("this cluster has no secured listeners");
        }
        return IntStream.of(securePorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    private void writeOverrides(Path keystore, String password) {
        for (int i = 0; i < processes.length; i++) {
            Properties overrides =
                    EmbeddedKafka.secured(brokerPorts[i], controllerPorts[i], securePorts[i], keystore, password);
            try (Writer out = Files.newBufferedWriter(overridesOf(i + 1))) {
                overrides.store(out, "node " + (i + 1) + ": secured listener");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the overrides of node " + (i + 1), e);
            }
        }
    }

    private Path overridesOf(int node) {
        return dir.resolve("node-" + node + "-overrides.properties");
    }

    public int size() {
        return processes.length;
    }

    /** Starts node {@code node} (1-based), again on its data if it ran before. */
    public void start(int node) {
        int i = node - 1;
        if (processes[i] != null && processes[i].isAlive()) {
            throw new IllegalStateException("node " + node + " is running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx384m",
                "-Demotion.log.level=warn",
                "-cp",
                System.getProperty("java.class.path"),
                ClusterNode.class.getName(),
                Integer.toString(node),
                dir.resolve("node-" + node).toString(),
                Integer.toString(brokerPorts[i]),
                Integer.toString(controllerPorts[i]),
                voters,
                clusterId));
        if (securePorts.length > 0) {
            command.add(overridesOf(node).toString());
        }
        try {
            processes[i] = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("node-" + node + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start cluster node " + node, e);
        }
    }

    /** Whether node {@code node} (1-based) has a running process. */
    public boolean running(int node) {
        return processes[node - 1] != null && processes[node - 1].isAlive();
    }

    /** SIGKILL: no controlled shutdown, no flush, open connections dropped. */
    public void kill(int node) {
        Process p = processes[node - 1];
        p.destroyForcibly();
        waitFor(p);
    }

    /** SIGTERM: a controlled shutdown (leadership moved away first). */
    public void stop(int node) {
        Process p = processes[node - 1];
        p.destroy();
        waitFor(p);
    }

    /** SIGSTOP: the node freezes, holding its connections open; {@link #resume} continues it. */
    public void freeze(int node) {
        signal(node, "STOP");
    }

    public void resume(int node) {
        signal(node, "CONT");
    }

    /** The node leading {@code partition} of {@code topic} now, if any. */
    public Optional<Integer> leaderOf(String topic, int partition) {
        try (Admin admin = admin()) {
            TopicDescription d =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Node leader = d.partitions().get(partition).leader();
            return leader == null || leader.isEmpty() ? Optional.empty() : Optional.of(leader.id());
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot describe " + topic + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the consumer group {@code groupId} (a Kafka Streams application id) is stable with {@code members}. */
    public void awaitGroup(String groupId, int members) {
        Awaitility.await("group " + groupId + " stable with " + members + " members")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    try (Admin admin = admin()) {
                        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                                .all()
                                .get(10, TimeUnit.SECONDS)
                                .get(groupId);
                        return group.groupState() == GroupState.STABLE
                                && group.members().size() == members;
                    }
                });
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    public void awaitBrokers(int count) {
        Awaitility.await("cluster of " + count + " brokers")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    requireAlive();
                    try (Admin admin = admin()) {
                        return admin.describeCluster()
                                        .nodes()
                                        .get(5, TimeUnit.SECONDS)
                                        .size()
                                >= count;
                    }
                });
    }

    private Admin admin() {
        return Admin.create(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "10000",
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG,
                "5000"));
    }

    private void requireAlive() {
        List<Integer> dead = new ArrayList<>();
        for (int i = 0; i < processes.length; i++) {
            if (processes[i] == null || !processes[i].isAlive()) {
                dead.add(i + 1);
            }
        }
        if (dead.size() == processes.length) {
            throw new IllegalStateException("no cluster node is running (logs in " + dir + ")");
        }
    }

    private void signal(int node, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes[node - 1].pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " of node " + node + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every node: the data is a test's, and the last nodes of a cluster cannot shut down in a controlled way. */
    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
                waitFor(p);
            }
        }
    }
}
