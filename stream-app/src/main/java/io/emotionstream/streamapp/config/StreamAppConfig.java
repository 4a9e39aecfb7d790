package io.emotionstream.streamapp.config;

import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.monitor.WindowKind;
import io.emotionstream.streamapp.monitor.MonitorSettings;
import java.util.ArrayList;
import java.util.List;
import io.emotionstream.streamapp.topology.BatchingConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the stream app is told, validated at start-up. Sources, later ones winning: built-in defaults, then a
 * properties file ({@code --config FILE}), then environment variables {@code EMOTION_STREAM_<KEY>} (the key
 * upper-cased, dots as underscores: {@code model.registry} is {@code EMOTION_STREAM_MODEL_REGISTRY}).
 * Keys {@code kafka.*} pass through to every Kafka client (e.g. {@code kafka.security.protocol=SASL_SSL}).
 *
 * @param bootstrapServers empty: start the embedded single-node broker on 127.0.0.1:{@code embeddedPort}
 * @param noFace what happens to an image without a face when the serving model locates faces (key {@code face.fallback})
 * @param eventLimits bounds on an event's metadata and event time (keys {@code event.*}), for every topic read
 */
public record StreamAppConfig(Optional<String> bootstrapServers, int embeddedPort, String applicationId, Topics topics,
                              int inputPartitions, ModelSettings model, NoFacePolicy noFace, BatchingConfig batching,
                              int streamThreads, Duration commitInterval, String metricsHost, int metricsPort,
                              Path stateDir, Optional<MonitorSettings> monitor, EventLimits eventLimits,
                              Map<String, String> kafkaClientOverrides) {

    public static final String ENV_PREFIX = "EMOTION_STREAM_";
    /**
     * Variables of the launcher script ({@code ./emotion-stream}), not settings: the app leaves them alone, so the
     * launcher's own knobs (e.g. {@code EMOTION_STREAM_LAUNCHER_CACHE}) never read as unknown settings.
     */
    public static final String LAUNCHER_ENV_PREFIX = "EMOTION_STREAM_LAUNCHER_";

    /** Key, default value and a one-line description, in the order the README lists them. */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap.servers", "");
        d.put("embedded.port", "9092");
        d.put("application.id", "emotion-stream");
        d.put("topic.images", Topics.DEFAULT.images());
        d.put("topic.predictions", Topics.DEFAULT.predictions());
        d.put("topic.dead.letters", Topics.DEFAULT.deadLetters());
        d.put("topic.shadow.predictions", Topics.DEFAULT.shadowPredictions());
        d.put("topic.models", Topics.DEFAULT.models());
        d.put("topic.labels", Topics.DEFAULT.labels());
        d.put("topic.bias.metrics", Topics.DEFAULT.biasMetrics());
        d.put("topic.bias.alerts", Topics.DEFAULT.biasAlerts());
        d.put("topic.images.partitions", "2");
        d.put("model.source", "registry");
        d.put("model.registry", "models");
        d.put("model", "");
        d.put("model.challenger", "");
        d.put("model.selector", "latest");
        d.put("model.trusted.keys", "");
        d.put("model.cache.dir", "");
        d.put("face.fallback", NoFacePolicy.REJECT.code());
        d.put("event.max.future.skew", "5m");
        d.put("event.max.age", "30d");
        d.put("batch.max.size", Integer.toString(BatchingConfig.DEFAULT.maxBatch()));
        d.put("batch.max.wait.ms", Long.toString(BatchingConfig.DEFAULT.maxWait().toMillis()));
        d.put("stream.threads", "2"); // one per core on the reference 2-core machine; at most the images partitions
        d.put("commit.interval.ms", "100");
        d.put("metrics.host", "127.0.0.1");
        d.put("metrics.port", "9464");
        // Not under /tmp: the state, the embedded broker's data and the verified model cache must outlive a reboot
        // and stay out of a directory every local user can write to.
        d.put("state.dir", Path.of(System.getProperty("user.home"), ".local", "state", "emotion-stream").toString());
        d.put("monitor.enabled", "true");
        d.put("monitor.attributes", String.join(",", new java.util.TreeSet<>(MonitorSettings.DEFAULT.attributes())));
        d.put("monitor.max.groups", Integer.toString(MonitorSettings.DEFAULT.maxGroups()));
        d.put("monitor.min.samples", Integer.toString(MonitorSettings.DEFAULT.minSamples()));
        d.put("monitor.gap.threshold", Double.toString(MonitorSettings.DEFAULT.gapThreshold()));
        d.put("monitor.alpha", Double.toString(MonitorSettings.DEFAULT.alpha()));
        d.put("monitor.label.horizon", "24h");
        d.put("monitor.windows", "tumbling:5m,hopping:1h/5m");
        d.put("monitor.grace", "5m");
        d.put("monitor.alert.window", "hopping");
        return d;
    }

    public static StreamAppConfig load(Optional<Path> file, Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        file.ifPresent(f -> values.putAll(readFile(f)));
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.startsWith(LAUNCHER_ENV_PREFIX)) {
                values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return from(values);
    }

    static StreamAppConfig from(Map<String, String> values) {
        Set<String> known = DEFAULTS.keySet();
        Map<String, String> kafka = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), value);
            } else if (!known.contains(key)) {
                throw new ConfigException("unknown setting '" + key + "' (known: " + String.join(", ", known) + ", kafka.*)");
            }
        });
        String bootstrap = values.get("bootstrap.servers").trim();
        try {
            return new StreamAppConfig(
                    bootstrap.isEmpty() ? Optional.empty() : Optional.of(bootstrap),
                    port(values, "embedded.port"),
                    nonEmpty(values, "application.id"),
                    new Topics(values.get("topic.images"), values.get("topic.predictions"), values.get("topic.dead.letters"),
                            values.get("topic.shadow.predictions"), values.get("topic.models"), values.get("topic.labels"),
                            values.get("topic.bias.metrics"), values.get("topic.bias.alerts")),
                    positive(values, "topic.images.partitions"),
                    modelSettings(values),
                    noFacePolicy(values.get("face.fallback")),
                    new BatchingConfig(positive(values, "batch.max.size"), Duration.ofMillis(positive(values, "batch.max.wait.ms"))),
                    positive(values, "stream.threads"),
                    Duration.ofMillis(positive(values, "commit.interval.ms")),
                    nonEmpty(values, "metrics.host"),
                    port(values, "metrics.port"),
                    Path.of(nonEmpty(values, "state.dir")),
                    monitorSettings(values),
                    eventLimits(values),
                    kafka);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static EventLimits eventLimits(Map<String, String> values) {
        try {
            return EventLimits.DEFAULT.toBuilder()
                    .maxFutureSkew(duration("event.max.future.skew", values.get("event.max.future.skew")))
                    .maxAge(duration("event.max.age", values.get("event.max.age")))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("event.max.future.skew / event.max.age: " + e.getMessage());
        }
    }

    private static NoFacePolicy noFacePolicy(String text) {
        try {
            return NoFacePolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("face.fallback: " + e.getMessage());
        }
    }

    private static ModelSettings modelSettings(Map<String, String> values) {
        String source = values.get("model.source").trim().toUpperCase(Locale.ROOT);
        if (!source.equals("REGISTRY") && !source.equals("TOPIC")) {
            throw new ConfigException("model.source must be registry or topic, not '" + values.get("model.source") + "'");
        }
        String cache = values.get("model.cache.dir").trim();
        return new ModelSettings(ModelSettings.Source.valueOf(source),
                Path.of(nonEmpty(values, "model.registry")),
                values.get("model").trim(),
                values.get("model.challenger").trim(),
                io.emotionstream.streamapp.release.ModelSelector.parse(values.get("model.selector")),
                java.util.Arrays.stream(values.get("model.trusted.keys").split(",")).map(String::trim)
                        .filter(k -> !k.isEmpty()).map(Path::of).toList(),
                cache.isEmpty() ? Path.of(nonEmpty(values, "state.dir"), "models") : Path.of(cache));
    }

    private static Optional<MonitorSettings> monitorSettings(Map<String, String> values) {
        String enabled = values.get("monitor.enabled").trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new ConfigException("monitor.enabled must be true or false, not '" + enabled + "'");
        }
        if (enabled.equals("false")) {
            return Optional.empty();
        }
        List<MonitorSettings.WindowSpec> windows = new ArrayList<>();
        for (String spec : values.get("monitor.windows").split(",")) {
            if (spec.isBlank()) {
                continue;
            }
            String[] kindAndSize = spec.trim().split(":", 2);
            WindowKind kind = enumValue(WindowKind.class, "monitor.windows", kindAndSize[0]);
            if (kindAndSize.length != 2) {
                throw new ConfigException("monitor.windows: '" + spec + "' needs a size, e.g. tumbling:5m or hopping:1h/5m");
            }
            String[] sizeAndAdvance = kindAndSize[1].split("/", 2);
            Duration size = duration("monitor.windows", sizeAndAdvance[0]);
            Duration advance = sizeAndAdvance.length == 2 ? duration("monitor.windows", sizeAndAdvance[1]) : size;
            if (kind == WindowKind.TUMBLING && !advance.equals(size)) {
                throw new ConfigException("monitor.windows: a tumbling window has no advance: '" + spec + "'");
            }
            windows.add(new MonitorSettings.WindowSpec(kind, size, advance));
        }
        return Optional.of(new MonitorSettings(
                java.util.Arrays.stream(values.get("monitor.attributes").split(",")).map(String::trim)
                        .filter(a -> !a.isEmpty()).collect(java.util.stream.Collectors.toSet()),
                positive(values, "monitor.max.groups"),
                positive(values, "monitor.min.samples"),
                fraction(values, "monitor.gap.threshold"),
                fraction(values, "monitor.alpha"),
                duration("monitor.label.horizon", values.get("monitor.label.horizon")),
                windows,
                duration("monitor.grace", values.get("monitor.grace")),
                enumValue(WindowKind.class, "monitor.alert.window", values.get("monitor.alert.window"))));
    }

    private static Duration duration(String key, String text) {
        try {
            return io.emotionstream.platform.config.Durations.parse(key, text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static double fraction(Map<String, String> values, String key) {
        try {
            double v = Double.parseDouble(values.get(key).trim());
            if (v > 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // one-line error below
        }
        throw new ConfigException(key + " must be a number between 0 and 1, got '" + values.get(key) + "'");
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String key, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": unknown '" + text + "' (one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ")");
        }
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k.trim(), p.getProperty(k).trim()));
        return out;
    }

    private static String nonEmpty(Map<String, String> values, String key) {
        String v = values.get(key).trim();
        if (v.isEmpty()) {
            throw new ConfigException(key + " must not be empty");
        }
        return v;
    }

    private static int positive(Map<String, String> values, String key) {
        try {
            int v = Integer.parseInt(values.get(key).trim());
            if (v <= 0) {
                throw new ConfigException(key + " must be positive, got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + values.get(key) + "'");
        }
    }

    private static int port(Map<String, String> values, String key) {
        try {
            int v = Integer.parseInt(values.get(key).trim());
            if (v < 0 || v > 65535) {
                throw new ConfigException(key + " must be a port (0-65535; 0 picks a free one), got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a port number, got '" + values.get(key) + "'");
        }
    }
}
