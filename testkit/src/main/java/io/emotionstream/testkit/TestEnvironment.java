package io.emotionstream.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stream app's settings for one integration-test run, as environment variables: the broker, a unique
 * application id and unique topic names (tests share a broker), a local registry, any free metrics port and a
 * private state directory. Tests add their own EMOTION_STREAM_* keys to the returned (mutable) map.
 */
public final class TestEnvironment {
    private static final List<String> TOPICS = List.of("images", "predictions", "dead_letters", "shadow_predictions",
            "models", "labels", "bias_metrics", "bias_alerts");

    private TestEnvironment() {
    }

    public static Map<String, String> forRun(String bootstrapServers, String run, Path registry, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("EMOTION_STREAM_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("EMOTION_STREAM_APPLICATION_ID", "it-" + run);
        for (String topic : TOPICS) {
            env.put("EMOTION_STREAM_TOPIC_" + topic.toUpperCase(java.util.Locale.ROOT), topic.replace('_', '-') + "-" + run);
        }
        env.put("EMOTION_STREAM_MODEL_REGISTRY", registry.toString());
        env.put("EMOTION_STREAM_METRICS_PORT", "0");
        env.put("EMOTION_STREAM_STATE_DIR", stateDir.toString());
        return env;
    }
}
