package io.emotionstream.streamapp.config;

import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.platform.config.Durations;
import io.emotionstream.platform.events.DeploymentContext;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.platform.events.SourcePurposes;
import io.emotionstream.schemas.GroupAttributes;
import io.emotionstream.schemas.GroupPseudonyms;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.monitor.WindowKind;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.release.ModelSelector;
import io.emotionstream.streamapp.topology.BatchingConfig;
import io.emotionstream.streamapp.topology.PublishedDemographics;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the settings' text (defaults, file and environment merged: {@link StreamAppConfig#load}) into a validated
 * {@link StreamAppConfig}, one line per mistake ({@link ConfigException}).
 */
final class ConfigValues {
    private ConfigValues() {}

    static StreamAppConfig parse(Map<String, String> values) {
        Set<String> known = StreamAppConfig.DEFAULTS.keySet();
        Map<String, String> kafka = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), value);
            } else if (!known.contains(key)) {
                throw new ConfigException(
                        "unknown setting '" + key + "' (known: " + String.join(", ", known) + ", kafka.*)");
            }
        });
        String bootstrap = values.get(Setting.BOOTSTRAP_SERVERS.key()).trim();
        try {
            return new StreamAppConfig(
                    bootstrap.isEmpty() ? Optional.empty() : Optional.of(bootstrap),
                    port(values, Setting.EMBEDDED_PORT.key()),
                    nonEmpty(values, Setting.APPLICATION_ID.key()),
                    new Topics(
                            values.get(Setting.TOPIC_IMAGES.key()),
                            values.get(Setting.TOPIC_PREDICTIONS.key()),
                            values.get(Setting.TOPIC_DEAD_LETTERS.key()),
                            values.get(Setting.TOPIC_SHADOW_PREDICTIONS.key()),
                            values.get(Setting.TOPIC_MODELS.key()),
                            values.get(Setting.TOPIC_LABELS.key()),
                            values.get(Setting.TOPIC_BIAS_METRICS.key()),
                            values.get(Setting.TOPIC_BIAS_ALERTS.key()),
                            values.get(Setting.TOPIC_MONITOR_FEED.key()),
                            values.get(Setting.TOPIC_ERASURES.key())),
                    wireSettings(values),
                    positive(values, Setting.TOPIC_IMAGES_PARTITIONS.key()),
                    dataProtection(values),
                    modelSettings(values),
                    noFacePolicy(values.get(Setting.FACE_FALLBACK.key())),
                    new BatchingConfig(
                            positive(values, Setting.BATCH_MAX_SIZE.key()),
                            Duration.ofMillis(positive(values, Setting.BATCH_MAX_WAIT_MS.key()))),
                    positive(values, Setting.STREAM_THREADS.key()),
                    nonNegative(values, Setting.STANDBY_REPLICAS.key()),
                    Duration.ofMillis(positive(values, Setting.COMMIT_INTERVAL_MS.key())),
                    positive(values, Setting.ROCKSDB_MEMORY_MB.key()),
                    nonEmpty(values, Setting.METRICS_HOST.key()),
                    port(values, Setting.METRICS_PORT.key()),
                    new LifecycleSettings(
                            duration(Setting.SHUTDOWN_TIMEOUT.key(), values.get(Setting.SHUTDOWN_TIMEOUT.key())),
                            duration(
                                    Setting.CLUSTER_UNREACHABLE_TIMEOUT.key(),
                                    values.get(Setting.CLUSTER_UNREACHABLE_TIMEOUT.key()))),
                    Path.of(nonEmpty(values, Setting.STATE_DIR.key())),
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
                    .maxFutureSkew(duration(
                            Setting.EVENT_MAX_FUTURE_SKEW.key(), values.get(Setting.EVENT_MAX_FUTURE_SKEW.key())))
                    .maxAge(duration(Setting.EVENT_MAX_AGE.key(), values.get(Setting.EVENT_MAX_AGE.key())))
                    .purposes(sourcePurposes(values))
                    .pseudonyms(pseudonyms(values))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("event.max.future.skew / event.max.age: " + e.getMessage());
        }
    }

    /** The configured attributes' values become pseudonyms under the key in the key file. */
    private static GroupPseudonyms pseudonyms(Map<String, String> values) {
        Set<String> attributes = list(values.get(Setting.GROUPS_PSEUDONYMISE.key()));
        if (attributes.isEmpty()) {
            return GroupPseudonyms.NONE;
        }
        for (String derived : List.of(GroupAttributes.SOURCE, GroupAttributes.FACE)) {
            if (attributes.contains(derived)) {
                throw new ConfigException(Setting.GROUPS_PSEUDONYMISE.key() + ": '" + derived
                        + "' is not a producer's group but derived by the app; it cannot be pseudonymised");
            }
        }
        try {
            return GroupPseudonyms.of(pseudonymKey(values), attributes);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.GROUPS_PSEUDONYM_KEY_FILE.key() + ": " + e.getMessage());
        }
    }

    /** The bytes of the pseudonym key file: what {@code pseudonyms} and the app read, never logged or printed. */
    static byte[] pseudonymKey(Map<String, String> values) {
        String file = values.get(Setting.GROUPS_PSEUDONYM_KEY_FILE.key()).trim();
        if (file.isEmpty()) {
            throw new ConfigException(Setting.GROUPS_PSEUDONYMISE.key() + " needs a key: set "
                    + Setting.GROUPS_PSEUDONYM_KEY_FILE.key() + " (e.g. a file of 32 random bytes)");
        }
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new ConfigException(
                    Setting.GROUPS_PSEUDONYM_KEY_FILE.key() + ": cannot read " + file + " (" + e + ")");
        }
    }

    private static Set<String> list(String text) {
        Set<String> items = new TreeSet<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static SourcePurposes sourcePurposes(Map<String, String> values) {
        try {
            return new SourcePurposes(
                    pairs(values, Setting.SOURCE_CONTEXTS, DeploymentContext::parse),
                    pairs(values, Setting.SOURCE_EXEMPTIONS, DeploymentContext.Exemption::parse),
                    pairs(values, Setting.SOURCE_NOTICES, String::trim));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.SOURCE_EXEMPTIONS.key() + ": " + e.getMessage());
        }
    }

    /** {@code KEY=VALUE,KEY=VALUE}, each value read by {@code parse}; the first '=' splits, so a URL may hold more. */
    private static <V> Map<String, V> pairs(Map<String, String> values, Setting setting, Function<String, V> parse) {
        Map<String, V> pairs = new TreeMap<>();
        for (String entry : values.get(setting.key()).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new ConfigException(setting.key() + ": '" + entry.trim() + "' is not SOURCE=VALUE");
            }
            String source = entry.substring(0, equals).trim();
            try {
                if (pairs.put(source, parse.apply(entry.substring(equals + 1))) != null) {
                    throw new ConfigException(setting.key() + ": source '" + source + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(setting.key() + ": " + e.getMessage());
            }
        }
        return pairs;
    }

    private static WireSettings wireSettings(Map<String, String> values) {
        WireFormat format;
        try {
            format = WireFormat.parse(values.get(Setting.WIRE_FORMAT.key()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.WIRE_FORMAT.key() + ": " + e.getMessage());
        }
        String url = values.get(Setting.SCHEMA_REGISTRY_URL.key()).trim();
        try {
            return new WireSettings(format, url.isEmpty() ? Optional.empty() : Optional.of(new URI(url)));
        } catch (URISyntaxException e) {
            throw new ConfigException(Setting.SCHEMA_REGISTRY_URL.key() + " is not a URL: " + e.getMessage());
        }
    }

    private static DataProtection dataProtection(Map<String, String> values) {
        DeadLetterValues deadLetterValues;
        PublishedDemographics demographics;
        try {
            deadLetterValues = DeadLetterValues.parse(values.get(Setting.DEAD_LETTER_VALUES.key()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.DEAD_LETTER_VALUES.key() + ": " + e.getMessage());
        }
        try {
            demographics = PublishedDemographics.parse(values.get(Setting.PREDICTIONS_DEMOGRAPHICS.key()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.PREDICTIONS_DEMOGRAPHICS.key() + ": " + e.getMessage());
        }
        var retention = new DataProtection.Retention(
                duration(values, Setting.RETENTION_IMAGES),
                duration(values, Setting.RETENTION_LABELS),
                duration(values, Setting.RETENTION_DEAD_LETTERS),
                duration(values, Setting.RETENTION_OUTPUTS),
                duration(values, Setting.RETENTION_MONITOR_FEED));
        if (retention.labels().compareTo(duration(values, Setting.MONITOR_LABEL_HORIZON)) < 0) {
            throw new ConfigException(Setting.RETENTION_LABELS.key() + " (" + values.get(Setting.RETENTION_LABELS.key())
                    + ") is shorter than " + Setting.MONITOR_LABEL_HORIZON.key() + " ("
                    + values.get(Setting.MONITOR_LABEL_HORIZON.key())
                    + "): labels would go before they could be joined");
        }
        return new DataProtection(deadLetterValues, demographics, retention);
    }

    private static Duration duration(Map<String, String> values, Setting setting) {
        return duration(setting.key(), values.get(setting.key()));
    }

    private static NoFacePolicy noFacePolicy(String text) {
        try {
            return NoFacePolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("face.fallback: " + e.getMessage());
        }
    }

    private static ModelSettings modelSettings(Map<String, String> values) {
        String source = values.get(Setting.MODEL_SOURCE.key()).trim().toUpperCase(Locale.ROOT);
        if (!source.equals("REGISTRY") && !source.equals("TOPIC")) {
            throw new ConfigException(
                    "model.source must be registry or topic, not '" + values.get(Setting.MODEL_SOURCE.key()) + "'");
        }
        String cache = values.get(Setting.MODEL_CACHE_DIR.key()).trim();
        return new ModelSettings(
                ModelSettings.Source.valueOf(source),
                Path.of(nonEmpty(values, Setting.MODEL_REGISTRY.key())),
                values.get(Setting.MODEL.key()).trim(),
                values.get(Setting.MODEL_CHALLENGER.key()).trim(),
                ModelSelector.parse(values.get(Setting.MODEL_SELECTOR.key())),
                Arrays.stream(values.get(Setting.MODEL_TRUSTED_KEYS.key()).split(","))
                        .map(String::trim)
                        .filter(k -> !k.isEmpty())
                        .map(Path::of)
                        .toList(),
                cache.isEmpty() ? Path.of(nonEmpty(values, Setting.STATE_DIR.key()), "models") : Path.of(cache));
    }

    private static Optional<MonitorSettings> monitorSettings(Map<String, String> values) {
        String enabled = values.get(Setting.MONITOR_ENABLED.key()).trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new ConfigException("monitor.enabled must be true or false, not '" + enabled + "'");
        }
        if (enabled.equals("false")) {
            return Optional.empty();
        }
        List<MonitorSettings.WindowSpec> windows = new ArrayList<>();
        for (String spec : values.get(Setting.MONITOR_WINDOWS.key()).split(",")) {
            if (spec.isBlank()) {
                continue;
            }
            String[] kindAndSize = spec.trim().split(":", 2);
            WindowKind kind = enumValue(WindowKind.class, Setting.MONITOR_WINDOWS.key(), kindAndSize[0]);
            if (kindAndSize.length != 2) {
                throw new ConfigException(
                        "monitor.windows: '" + spec + "' needs a size, e.g. tumbling:5m or hopping:1h/5m");
            }
            String[] sizeAndAdvance = kindAndSize[1].split("/", 2);
            Duration size = duration(Setting.MONITOR_WINDOWS.key(), sizeAndAdvance[0]);
            Duration advance =
                    sizeAndAdvance.length == 2 ? duration(Setting.MONITOR_WINDOWS.key(), sizeAndAdvance[1]) : size;
            if (kind == WindowKind.TUMBLING && !advance.equals(size)) {
                throw new ConfigException("monitor.windows: a tumbling window has no advance: '" + spec + "'");
            }
            windows.add(new MonitorSettings.WindowSpec(kind, size, advance));
        }
        return Optional.of(new MonitorSettings(
                Arrays.stream(values.get(Setting.MONITOR_ATTRIBUTES.key()).split(","))
                        .map(String::trim)
                        .filter(a -> !a.isEmpty())
                        .collect(Collectors.toSet()),
                positive(values, Setting.MONITOR_MAX_GROUPS.key()),
                positive(values, Setting.MONITOR_MIN_SAMPLES.key()),
                fraction(values, Setting.MONITOR_GAP_TOLERANCE.key()),
                fraction(values, Setting.MONITOR_ALPHA.key()),
                duration(Setting.MONITOR_LABEL_HORIZON.key(), values.get(Setting.MONITOR_LABEL_HORIZON.key())),
                windows,
                duration(Setting.MONITOR_GRACE.key(), values.get(Setting.MONITOR_GRACE.key()))));
    }

    private static Duration duration(String key, String text) {
        try {
            return Durations.parse(key, text);
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
            throw new ConfigException(key + ": unknown '" + text + "' (one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ")");
        }
    }

    static Map<String, String> readFile(Path file) {
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
        return atLeast(values, key, 1, "must be positive");
    }

    private static int nonNegative(Map<String, String> values, String key) {
        return atLeast(values, key, 0, "cannot be negative");
    }

    private static int atLeast(Map<String, String> values, String key, int least, String otherwise) {
        try {
            int v = Integer.parseInt(values.get(key).trim());
            if (v < least) {
                throw new ConfigException(key + " " + otherwise + ", got " + v);
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
