package io.emotionstream.streamapp.models;

import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.config.ModelSettings;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.time.Duration;
import java.util.Map;

/**
 * Where the serving models come from: a local registry (loaded once at start-up) or the models topic (signed
 * releases followed and swapped in while running). Either installs into the {@link ClassifierHolder} the topology
 * reads, and says whether it is healthy.
 */
public sealed interface ModelSource extends AutoCloseable permits RegistryModels, TopicModels {

    /** Starts installing models; with no usable model yet, events wait in the buffer and /ready says 503. */
    void start();

    /** False when this source can no longer deliver models (the models-topic follower stopped). */
    boolean healthy();

    /** Stops following; true when it stopped within {@code timeLeft}. */
    boolean close(Duration timeLeft);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }

    static ModelSource of(
            ModelSettings settings,
            String modelsTopic,
            Map<String, Object> clientSettings,
            ClassifierHolder classifiers,
            StreamMetrics metrics) {
        return switch (settings.source()) {
            case REGISTRY -> new RegistryModels(settings, classifiers, metrics);
            case TOPIC -> new TopicModels(settings, modelsTopic, clientSettings, classifiers, metrics);
        };
    }
}
