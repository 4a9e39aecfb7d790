package io.emotionstream.platform.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How often our Kafka clients knock on a cluster that does not answer, set for every client before the
 * {@code kafka.*} overrides (which win). Kafka's defaults retry each broker connection and each failed request at
 * least once a second per client; a stream app has about a dozen clients (per stream thread a consumer, a restore
 * consumer and a producer, per Streams client an admin, the model follower, the cluster watch), so a cluster gone
 * costs a dozen failed connections, warnings and metadata rounds a second, for as long as the outage lasts.
 * The first retries stay fast (a leader moving or one broker restarting heals in well under a second: the
 * exponential back-off starts at Kafka's 50 ms and 100 ms); only an outage that lasts climbs to one attempt per
 * {@link #MAX}, which is also the longest a client may wait to notice that the cluster is back
 * (docs/reliability.md, "When the cluster goes away").
 */
public final class ClientBackoff {
    /** The ceiling of the reconnect and retry back-offs. */
    public static final Duration MAX = Duration.ofSeconds(5);

    private ClientBackoff() {}

    /** The back-off settings, as client properties. */
    public static Map<String, Object> settings() {
        return Map.of(
                CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, MAX.toMillis(),
                CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, MAX.toMillis());
    }
}
