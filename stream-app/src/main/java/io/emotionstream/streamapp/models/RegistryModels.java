package io.emotionstream.streamapp.models;

import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.classify.ModelLoader;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.ModelSettings;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Models from a local registry: the champion (and a challenger, if set) loaded once, at start-up. */
public final class RegistryModels implements ModelSource {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryModels.class);

    private final ModelSettings settings;
    private final ClassifierHolder classifiers;
    private final StreamMetrics metrics;

    RegistryModels(ModelSettings settings, ClassifierHolder classifiers, StreamMetrics metrics) {
        this.settings = settings;
        this.classifiers = classifiers;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        install(ModelRole.CHAMPION, settings.name());
        if (!settings.challenger().isEmpty()) {
            install(ModelRole.CHALLENGER, settings.challenger());
        }
    }

    private void install(ModelRole role, String reference) {
        try {
            var classifier = ModelLoader.load(settings.registry(), reference);
            classifiers.swap(role, classifier);
            metrics.modelSwapped(role, classifier.model().version());
            LOG.info(
                    "{}: {}:{}",
                    role,
                    classifier.model().name(),
                    classifier.model().version());
        } catch (BundleException e) {
            // Not fatal: events wait in the changelogged buffer, /ready says 503 until a champion is installed.
            LOG.error(
                    "no usable {} model{}: {}",
                    role,
                    role == ModelRole.CHAMPION ? ", holding events until one is installed" : "",
                    e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model: " + e.getMessage()); // e.g. a model name the registry cannot hold
        }
    }

    /** Loaded or not, a registry has nothing that can stop. */
    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public boolean close(Duration timeLeft) {
        return true; // nothing running
    }
}
