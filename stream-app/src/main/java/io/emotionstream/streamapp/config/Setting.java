package io.emotionstream.streamapp.config;

import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.topology.BatchingConfig;
import io.emotionstream.streamapp.topology.PublishedDemographics;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The stream app's settings: key, default and a one-line meaning, in the order docs/configuration.md's
 * table lists them. The loader's defaults and known keys come from here ({@link StreamAppConfig}), that
 * table is checked against it ({@code ConfigurationDocTest}), and so are the deployments' environments
 * ({@code DeployFilesTest}, {@code DeployEnvironmentIT}). Keys {@code kafka.*} pass through to every Kafka client.
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", "", "Kafka cluster; empty: serve starts the embedded broker"),
    EMBEDDED_PORT("embedded.port", "9092", "port of the embedded broker (0: any free port)"),
    APPLICATION_ID("application.id", "emotion-stream", "Kafka Streams application id"),
    TOPIC_IMAGES("topic.images", Topics.DEFAULT.images(), "face-image events in"),
    TOPIC_PREDICTIONS("topic.predictions", Topics.DEFAULT.predictions(), "champion predictions out"),
    TOPIC_DEAD_LETTERS("topic.dead.letters", Topics.DEFAULT.deadLetters(), "refused records: why, where, a digest"),
    TOPIC_SHADOW_PREDICTIONS(
            "topic.shadow.predictions", Topics.DEFAULT.shadowPredictions(), "challenger predictions out"),
    TOPIC_MODELS("topic.models", Topics.DEFAULT.models(), "signed releases and aliases"),
    WIRE_FORMAT(
            "wire.format",
            WireFormat.SINGLE_OBJECT.code(),
            "Avro written as single-object or confluent (registry); both are read"),
    SCHEMA_REGISTRY_URL("schema.registry.url", "", "Confluent REST API of a schema registry; empty: none"),
    TOPIC_IMAGES_PARTITIONS("topic.images.partitions", "2", "partitions of the topics the app creates"),
    DEAD_LETTER_VALUES(
            "dead.letter.values",
            DeadLetterValues.DIGEST.code(),
            "what a dead letter keeps: digest (SHA-256 and size) or keep (the bytes)"),
    RETENTION_IMAGES("topic.images.retention", "24h", "retention of the images topic the app creates"),
    RETENTION_LABELS("topic.labels.retention", "48h", "retention of the labels topic the app creates"),
    RETENTION_DEAD_LETTERS("topic.dead.letters.retention", "7d", "retention of the dead-letter topic the app creates"),
    RETENTION_OUTPUTS("topic.outputs.retention", "7d", "retention of predictions and alerts topics the app creates"),
    RETENTION_MONITOR_FEED(
            "topic.monitor.feed.retention", "24h", "retention of the monitor's feed (predictions with groups)"),
    PREDICTIONS_DEMOGRAPHICS(
            "predictions.demographics",
            PublishedDemographics.WITHHELD.code(),
            "subject id and groups on the predictions topics: withheld or included"),
    GROUPS_PSEUDONYMISE("groups.pseudonymise", "", "group attributes whose values become keyed pseudonyms"),
    GROUPS_PSEUDONYM_KEY_FILE("groups.pseudonym.key.file", "", "file holding the pseudonym key (16 bytes or more)"),
    MODEL_SOURCE("model.source", "registry", "registry (local bundles) or topic (signed releases)"),
    MODEL_REGISTRY("model.registry", "models", "model registry directory (registry source)"),
    MODEL("model", "", "registry: NAME[:VERSION] or a bundle directory; topic: the model to follow"),
    MODEL_CHALLENGER("model.challenger", "", "registry source: NAME:VERSION to shadow-score"),
    MODEL_SELECTOR("model.selector", "latest", "topic source: latest, version:N or alias:champion"),
    MODEL_TRUSTED_KEYS("model.trusted.keys", "", "topic source: Ed25519 public key files"),
    MODEL_CACHE_DIR("model.cache.dir", "", "topic source: where verified releases are unpacked"),
    EVENT_MAX_FUTURE_SKEW("event.max.future.skew", "5m", "how far ahead of the clock an event time may be"),
    EVENT_MAX_AGE("event.max.age", "30d", "how far behind the clock an event time may be"),
    SOURCE_CONTEXTS(
            "source.contexts", "", "SOURCE=CONTEXT pairs: where each source films people (workplace, education, ...)"),
    SOURCE_EXEMPTIONS("source.exemptions", "", "SOURCE=medical|safety: exemptions for sources in a prohibited context"),
    SOURCE_NOTICES("source.notices", "", "SOURCE=URL pairs: the notice shown to the people each source films"),
    FACE_FALLBACK("face.fallback", NoFacePolicy.REJECT.code(), "no face found: reject or whole-image"),
    BATCH_MAX_SIZE("batch.max.size", Integer.toString(BatchingConfig.DEFAULT.maxBatch()), "micro-batch size"),
    BATCH_MAX_WAIT_MS(
            "batch.max.wait.ms", Long.toString(BatchingConfig.DEFAULT.maxWait().toMillis()), "micro-batch wait"),
    // one per core on the reference 2-core machine; at most the images partitions
    STREAM_THREADS("stream.threads", "2", "Kafka Streams threads"),
    STANDBY_REPLICAS("stream.standby.replicas", "0", "warm copies of each task's state on other instances"),
    COMMIT_INTERVAL_MS("commit.interval.ms", "100", "transaction commit interval"),
    ROCKSDB_MEMORY_MB("rocksdb.memory.mb", "64", "off-heap memory of all state stores together (RocksDB)"),
    METRICS_HOST("metrics.host", "127.0.0.1", "bind address of the operations endpoints"),
    METRICS_PORT("metrics.port", "9464", "port of the operations endpoints (0: any free port)"),
    // Kubernetes waits 30 s (terminationGracePeriodSeconds) before SIGKILL: a stop must be over well before that.
    SHUTDOWN_TIMEOUT("shutdown.timeout", "20s", "time to stop; then the process exits, naming what did not close"),
    CLUSTER_UNREACHABLE_TIMEOUT(
            "cluster.unreachable.timeout", "60s", "/health fails when no broker has answered for this long"),
    TOPIC_LABELS("topic.labels", Topics.DEFAULT.labels(), "ground truth in"),
    TOPIC_BIAS_METRICS("topic.bias.metrics", Topics.DEFAULT.biasMetrics(), "bias figures out"),
    TOPIC_BIAS_ALERTS("topic.bias.alerts", Topics.DEFAULT.biasAlerts(), "bias alerts out"),
    TOPIC_ERASURES("topic.erasures", Topics.DEFAULT.erasures(), "erasure requests in: event ids to forget"),
    TOPIC_MONITOR_FEED(
            "topic.monitor.feed", Topics.DEFAULT.monitorFeed(), "internal: predictions with groups, to the monitor"),
    MONITOR_ENABLED("monitor.enabled", "true", "run the bias monitor"),
    MONITOR_ATTRIBUTES(
            "monitor.attributes",
            String.join(",", new TreeSet<>(MonitorSettings.DEFAULT.attributes())),
            "group attributes compared"),
    MONITOR_MAX_GROUPS(
            "monitor.max.groups",
            Integer.toString(MonitorSettings.DEFAULT.maxGroups()),
            "values per attribute before other"),
    MONITOR_MIN_SAMPLES(
            "monitor.min.samples",
            Integer.toString(MonitorSettings.DEFAULT.minSamples()),
            "smaller groups are insufficient"),
    MONITOR_GAP_TOLERANCE(
            "monitor.gap.tolerance",
            Double.toString(MonitorSettings.DEFAULT.gapTolerance()),
            "FAIR when every gap is shown below this"),
    MONITOR_ALPHA(
            "monitor.alpha",
            Double.toString(MonitorSettings.DEFAULT.alpha()),
            "false-alarm rate per model version, at all times"),
    MONITOR_LABEL_HORIZON("monitor.label.horizon", "24h", "how long predictions and labels wait"),
    MONITOR_WINDOWS("monitor.windows", "tumbling:5m,hopping:1h/5m", "windows besides cumulative"),
    MONITOR_GRACE("monitor.grace", "5m", "lateness allowed in windows"),
    // Not under /tmp: the state, the embedded broker's data and the verified model cache must outlive a reboot
    // and stay out of a directory every local user can write to.
    STATE_DIR(
            "state.dir",
            Path.of(System.getProperty("user.home"), ".local", "state", "emotion-stream")
                    .toString(),
            "Kafka Streams state, the embedded broker's data, the model cache");

    /** Prefix of the settings' environment variables; {@link #envName}. */
    public static final String ENV_PREFIX = "EMOTION_STREAM_";

    private final String key;
    private final String defaultValue;
    private final String meaning;

    Setting(String key, String defaultValue, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    /** The built-in value ({@code ""}: empty). */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The environment variable of a key: {@code model.registry} is {@code EMOTION_STREAM_MODEL_REGISTRY}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The key an environment variable {@code EMOTION_STREAM_...} sets (the inverse of {@link #envName}). */
    public static String keyOf(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
