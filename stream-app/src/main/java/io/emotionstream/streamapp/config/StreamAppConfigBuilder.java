package io.emotionstream.streamapp.config;

import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.topology.BatchingConfig;
import io.emotionstream.streamapp.topology.PublishedDemographics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed settings for code (tests, the benchmarks, the demo): each call sets one {@link Setting}, and
 * {@link #build()} validates them exactly as {@link StreamAppConfig#load} validates a file and the environment.
 */
public final class StreamAppConfigBuilder {
    private final Map<String, String> values;

    StreamAppConfigBuilder(Map<String, String> start) {
        this.values = new TreeMap<>(start);
    }

    public StreamAppConfigBuilder set(Setting setting, String value) {
        values.put(setting.key(), value);
        return this;
    }

    /** A Kafka client setting for every client ({@code kafka.KEY}). */
    public StreamAppConfigBuilder kafka(String clientKey, Object value) {
        values.put("kafka." + clientKey, String.valueOf(value));
        return this;
    }

    public StreamAppConfigBuilder bootstrapServers(String servers) {
        return set(Setting.BOOTSTRAP_SERVERS, servers);
    }

    public StreamAppConfigBuilder embeddedPort(int port) {
        return set(Setting.EMBEDDED_PORT, Integer.toString(port));
    }

    public StreamAppConfigBuilder applicationId(String id) {
        return set(Setting.APPLICATION_ID, id);
    }

    public StreamAppConfigBuilder topics(Topics topics) {
        set(Setting.TOPIC_IMAGES, topics.images());
        set(Setting.TOPIC_PREDICTIONS, topics.predictions());
        set(Setting.TOPIC_DEAD_LETTERS, topics.deadLetters());
        set(Setting.TOPIC_SHADOW_PREDICTIONS, topics.shadowPredictions());
        set(Setting.TOPIC_MODELS, topics.models());
        set(Setting.TOPIC_LABELS, topics.labels());
        set(Setting.TOPIC_BIAS_METRICS, topics.biasMetrics());
        set(Setting.TOPIC_BIAS_ALERTS, topics.biasAlerts());
        set(Setting.TOPIC_MONITOR_FEED, topics.monitorFeed());
        return set(Setting.TOPIC_ERASURES, topics.erasures());
    }

    public StreamAppConfigBuilder publishedDemographics(PublishedDemographics demographics) {
        return set(Setting.PREDICTIONS_DEMOGRAPHICS, demographics.code());
    }

    public StreamAppConfigBuilder deadLetterValues(DeadLetterValues values) {
        return set(Setting.DEAD_LETTER_VALUES, values.code());
    }

    public StreamAppConfigBuilder inputPartitions(int partitions) {
        return set(Setting.TOPIC_IMAGES_PARTITIONS, Integer.toString(partitions));
    }

    public StreamAppConfigBuilder modelRegistry(Path registry) {
        return set(Setting.MODEL_REGISTRY, registry.toString());
    }

    public StreamAppConfigBuilder model(String model) {
        return set(Setting.MODEL, model);
    }

    public StreamAppConfigBuilder modelChallenger(String challenger) {
        return set(Setting.MODEL_CHALLENGER, challenger);
    }

    /** Follow signed releases of {@code model} on the models topic, trusting these public keys. */
    public StreamAppConfigBuilder modelsFromTopic(String model, List<Path> trustedKeys, String selector) {
        set(Setting.MODEL_SOURCE, "topic");
        set(Setting.MODEL, model);
        set(Setting.MODEL_SELECTOR, selector);
        return set(
                Setting.MODEL_TRUSTED_KEYS,
                String.join(",", trustedKeys.stream().map(Path::toString).toList()));
    }

    /** Writes the Confluent wire format with the schema registry at {@code url} (its Confluent REST API). */
    public StreamAppConfigBuilder schemaRegistry(String url) {
        return set(Setting.SCHEMA_REGISTRY_URL, url).set(Setting.WIRE_FORMAT, WireFormat.CONFLUENT.code());
    }

    public StreamAppConfigBuilder noFace(NoFacePolicy policy) {
        return set(Setting.FACE_FALLBACK, policy.code());
    }

    public StreamAppConfigBuilder batching(BatchingConfig batching) {
        set(Setting.BATCH_MAX_SIZE, Integer.toString(batching.maxBatch()));
        return set(Setting.BATCH_MAX_WAIT_MS, Long.toString(batching.maxWait().toMillis()));
    }

    public StreamAppConfigBuilder standbyReplicas(int replicas) {
        return set(Setting.STANDBY_REPLICAS, Integer.toString(replicas));
    }

    public StreamAppConfigBuilder streamThreads(int threads) {
        return set(Setting.STREAM_THREADS, Integer.toString(threads));
    }

    public StreamAppConfigBuilder commitInterval(Duration interval) {
        return set(Setting.COMMIT_INTERVAL_MS, Long.toString(interval.toMillis()));
    }

    public StreamAppConfigBuilder metricsPort(int port) {
        return set(Setting.METRICS_PORT, Integer.toString(port));
    }

    /** The whole stop's budget ({@code shutdown.timeout}), written as a setting is: 20s, 1m. */
    public StreamAppConfigBuilder shutdownTimeout(String timeout) {
        return set(Setting.SHUTDOWN_TIMEOUT, timeout);
    }

    /** How long the cluster may not answer before {@code /health} fails ({@code cluster.unreachable.timeout}). */
    public StreamAppConfigBuilder clusterUnreachableTimeout(String timeout) {
        return set(Setting.CLUSTER_UNREACHABLE_TIMEOUT, timeout);
    }

    public StreamAppConfigBuilder stateDir(Path dir) {
        return set(Setting.STATE_DIR, dir.toString());
    }

    public StreamAppConfigBuilder monitorEnabled(boolean enabled) {
        return set(Setting.MONITOR_ENABLED, Boolean.toString(enabled));
    }

    public StreamAppConfigBuilder monitorAttributes(Collection<String> attributes) {
        return set(Setting.MONITOR_ATTRIBUTES, String.join(",", attributes));
    }

    public StreamAppConfigBuilder monitorMinSamples(int samples) {
        return set(Setting.MONITOR_MIN_SAMPLES, Integer.toString(samples));
    }

    /** Windows besides cumulative, e.g. {@code "tumbling:5m,hopping:1h/5m"} or {@code ""} for none. */
    public StreamAppConfigBuilder monitorWindows(String windows) {
        return set(Setting.MONITOR_WINDOWS, windows);
    }

    public StreamAppConfig build() {
        return ConfigValues.parse(values);
    }

    /**
     * The same settings as {@code EMOTION_STREAM_*} variables, for a {@code serve} in another process: every
     * value that differs from its default ({@link #load} reads them back to an equal configuration).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        values.forEach((key, value) -> {
            if (!value.equals(StreamAppConfig.DEFAULTS.get(key))) {
                env.put(Setting.envName(key), value);
            }
        });
        return env;
    }
}
