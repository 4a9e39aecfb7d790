package io.emotionstream.platform.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster "who are you?" (a describe-cluster request) every {@link #INTERVAL}, so a service can say, at once
 * and without Kafka's per-connection warnings, since when no broker has answered ({@link Reachability}). Kafka's own
 * clients cannot tell: a stream thread whose brokers are gone stays RUNNING. The change is logged once each way.
 */
public final class ClusterWatch implements AutoCloseable {
    /** Time between probes. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /**
     * How long a probe waits for an answer. A loaded two-core machine still answers metadata within milliseconds;
     * two seconds keeps a slow scrape or a GC pause from reading as an outage. A cluster gone is seen within
     * INTERVAL + PROBE_TIMEOUT.
     */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

    private final Admin admin;
    private final Clock clock;
    private final Reachability reachability = new Reachability();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param clientSettings bootstrap servers, security and the {@code kafka.*} overrides, as for every client */
    public ClusterWatch(Map<String, Object> clientSettings, Clock clock) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "emotion-stream-cluster-watch");
        this.admin = Admin.create(settings);
        this.clock = clock;
        this.thread = new Thread(this::run, "emotion-stream-cluster-watch");
        this.thread.setDaemon(true);
    }

    public ClusterWatch start() {
        thread.start();
        return this;
    }

    public Reachability reachability() {
        return reachability;
    }

    /** How long no broker has answered; zero while one does. */
    public Duration unreachableFor() {
        return reachability.unreachableFor(clock.instant());
    }

    private void run() {
        while (running) {
            probe();
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return; // closing
            }
        }
    }

    private void probe() {
        Instant sentAt = clock.instant();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .clusterId()
                    .get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            Instant now = clock.instant();
            Duration outage = reachability.unreachableFor(now); // read before the answer clears it
            if (reachability.answered(now) == Reachability.Change.REGAINED) {
                LOG.info("kafka cluster reachable again after {} s without an answer", outage.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            if (reachability.unanswered(sentAt) == Reachability.Change.LOST && running) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                LOG.warn(
                        "kafka cluster unreachable since {}: no broker answered within {} s ({}); not ready until one "
                                + "does",
                        sentAt,
                        PROBE_TIMEOUT.toSeconds(),
                        cause.toString());
            }
        }
    }

    /** Stops probing; true when the probe thread and the admin client closed within {@code timeLeft}. */
    public boolean close(Duration timeLeft) {
        long deadline = System.nanoTime() + timeLeft.toNanos();
        running = false;
        thread.interrupt();
        admin.close(timeLeft);
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
