package io.emotionstream.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaRaftServer;

/**
 * One node (broker and controller) of a multi-node KRaft cluster on 127.0.0.1, in a process of its own, so a test or
 * a benchmark can kill it (SIGKILL), stop it (SIGTERM: a controlled shutdown), freeze it (SIGSTOP) and start it
 * again on the same data. Every topic and internal topic is replicated to all nodes (at most three) with all but
 * one required in sync ({@link EmbeddedKafka#nodeProperties}).
 *
 * <pre>java -cp ... io.emotionstream.broker.ClusterNode NODE_ID DATA_DIR BROKER_PORT CONTROLLER_PORT VOTERS CLUSTER_ID
 *     [OVERRIDES]</pre>
 * VOTERS: {@code 1@127.0.0.1:PORT,2@127.0.0.1:PORT,...}, the controller ports of every node; OVERRIDES: a properties
 * file of node settings that win over the defaults (e.g. {@link EmbeddedKafka#secured}).
 */
public final class ClusterNode {
    private ClusterNode() {}

    public static void main(String[] args) {
        if (args.length != 6 && args.length != 7) {
            System.err.println(
                    "usage: ClusterNode NODE_ID DATA_DIR BROKER_PORT CONTROLLER_PORT VOTERS CLUSTER_ID [OVERRIDES]");
            System.exit(2);
        }
        Properties overrides = new Properties();
        if (args.length == 7) {
            try (Reader in = Files.newBufferedReader(Path.of(args[6]))) {
                overrides.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the node's overrides " + args[6], e);
            }
        }
        String voters = args[4];
        int nodes = voters.split(",").length;
        KafkaRaftServer server = EmbeddedKafka.startNode(
                Path.of(args[1]),
                Integer.parseInt(args[0]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                voters,
                nodes,
                args[5],
                overrides);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "cluster-node-shutdown"));
        System.out.println("cluster node " + args[0] + " started on 127.0.0.1:" + args[2]);
        server.awaitShutdown();
    }
}
