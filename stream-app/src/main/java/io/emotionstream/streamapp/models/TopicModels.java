package io.emotionstream.streamapp.models;

import io.emotionstream.model.release.ReleaseSignatures;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.streamapp.classify.BundleClassifier;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.ModelSettings;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.release.ModelFollower;
import io.emotionstream.streamapp.release.ReleaseCatalog;
import java.time.Duration;
import java.util.Map;

/** Models from the models topic: verified releases followed from the beginning and swapped in as they arrive. */
public final class TopicModels implements ModelSource {
    private final ModelFollower follower;

    TopicModels(
            ModelSettings settings,
            String modelsTopic,
            Map<String, Object> clientSettings,
            ClassifierHolder classifiers,
            StreamMetrics metrics) {
        ReleaseSignatures.TrustedKeys trusted;
        try {
            trusted = ReleaseSignatures.TrustedKeys.of(
                    settings.trustedKeys().stream().map(SigningKeys::readPublic).toList());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model.trusted.keys: " + e.getMessage());
        }
        var catalog = new ReleaseCatalog(settings.name(), trusted, settings.cacheDir());
        this.follower = new ModelFollower(
                clientSettings,
                modelsTopic,
                catalog,
                settings.selector(),
                classifiers,
                metrics,
                BundleClassifier::load);
    }

    @Override
    public void start() {
        follower.start();
    }

    /** Without the follower no release arrives: /health fails. */
    @Override
    public boolean healthy() {
        return follower.running();
    }

    @Override
    public boolean close(Duration timeLeft) {
        return follower.close(timeLeft);
    }
}
