package io.emotionstream.streamapp.config;

import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.topology.BatchingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the stream app is told, validated at start-up. Sources, later ones winning: built-in defaults, then a
 * properties file ({@code --config FILE}), then environment variables {@code EMOTION_STREAM_<KEY>} (the key
 * upper-cased, dots as underscores: {@code model.registry} is {@code EMOTION_STREAM_MODEL_REGISTRY}).
 * Keys {@code kafka.*} pass through to every Kafka client (e.g. {@code kafka.security.protocol=SASL_SSL}). The keys,
 * defaults and meanings are the settings table ({@link Setting}); {@link ConfigValues} checks the values; code
 * builds a configuration with {@link #builder()}.
 *
 * @param bootstrapServers empty: a local broker on 127.0.0.1:{@code embeddedPort} if the caller supplies one
 *                         ({@code LocalBroker}), else start-up is refused
 * @param dataProtection what dead letters keep, whether predictions carry demographics, and how long the topics the
 *                       app creates keep records (keys {@code dead.letter.values}, {@code predictions.demographics},
 *                       {@code topic.*.retention})
 * @param noFace what happens to an image without a face when the serving model locates faces (key {@code face.fallback})
 * @param eventLimits bounds on an event's metadata and event time (keys {@code event.*}), for every topic read
 * @param standbyReplicas warm copies of each task's state kept on other instances (key {@code stream.standby.replicas}):
 *                        an instance that dies is replaced without rebuilding its state from the changelogs
 * @param rocksDbMemoryMb the off-heap budget of every RocksDB state store together ({@link RocksDbMemory})
 * @param lifecycle how long a stop may take, and how long the cluster may be unreachable before {@code /health} fails
 * @param wire the wire format written and the schema registry read with (keys {@code wire.format},
 *             {@code schema.registry.url})
 */
public record StreamAppConfig(
        Optional<String> bootstrapServers,
        int embeddedPort,
        String applicationId,
        Topics topics,
        WireSettings wire,
        int inputPartitions,
        DataProtection dataProtection,
        ModelSettings model,
        NoFacePolicy noFace,
        BatchingConfig batching,
        int streamThreads,
        int standbyReplicas,
        Duration commitInterval,
        int rocksDbMemoryMb,
        String metricsHost,
        int metricsPort,
        LifecycleSettings lifecycle,
        Path stateDir,
        Optional<MonitorSettings> monitor,
        EventLimits eventLimits,
        Map<String, String> kafkaClientOverrides) {

    public static final String ENV_PREFIX = Setting.ENV_PREFIX;
    /**
     * Variables of the launcher script ({@code ./emotion-stream}), not settings: the app leaves them alone, so the
     * launcher's own knobs (e.g. {@code EMOTION_STREAM_LAUNCHER_CACHE}) never read as unknown settings.
     */
    public static final String LAUNCHER_ENV_PREFIX = "EMOTION_STREAM_LAUNCHER_";

    /** Key -> default value, in the order of the settings table ({@link Setting}). */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            d.put(setting.key(), setting.defaultValue());
        }
        return d;
    }

    /** Settings in code, from the defaults; checked as a file or the environment would be ({@link Builder#build}). */
    public static StreamAppConfigBuilder builder() {
        return new StreamAppConfigBuilder(DEFAULTS);
    }

    public static StreamAppConfig load(Optional<Path> file, Map<String, String> environment) {
        return builder(file, environment).build();
    }

    /** The settings of {@link #load} as a builder, for code that overrides some of them (the benchmark). */
    public static StreamAppConfigBuilder builder(Optional<Path> file, Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        file.ifPresent(f -> values.putAll(ConfigValues.readFile(f)));
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.startsWith(LAUNCHER_ENV_PREFIX)) {
                values.put(Setting.keyOf(name), value);
            }
        });
        return new StreamAppConfigBuilder(values);
    }
}
