package io.emotionstream.broker;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The health check of the project's Kafka image: exits 0 when the broker at the address (default
 * {@code localhost:9092}) answers a cluster description within 10 s and has a controller, 1 otherwise. A port that
 * accepts connections is not enough: the broker opens it before it has caught up with the metadata log.
 *
 * <pre>java -cp ... io.emotionstream.broker.BrokerReady [HOST:PORT]</pre>
 */
public final class BrokerReady {
    private BrokerReady() {}

    public static void main(String[] args) {
        String address = args.length > 0 ? args[0] : "localhost:9092";
        try (Admin admin = Admin.create(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                address,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000))) {
            boolean ready = admin.describeCluster().controller().get(10, TimeUnit.SECONDS) != null;
            System.exit(ready ? 0 : 1);
        } catch (Exception e) {
            System.err.println("broker at " + address + " not ready: " + e);
            System.exit(1);
        }
    }
}
