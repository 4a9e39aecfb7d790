package io.emotionstream.streamapp.classify;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model the app currently serves. A swap is one atomic reference change: a batch in flight finishes with the
 * classifier it started with, the next batch uses the new one, and each prediction names the model that made it.
 */
public final class ClassifierHolder {
    private final AtomicReference<EmotionClassifier> current = new AtomicReference<>();

    public ClassifierHolder() {
    }

    public ClassifierHolder(EmotionClassifier initial) {
        current.set(initial);
    }

    public Optional<EmotionClassifier> current() {
        return Optional.ofNullable(current.get());
    }

    /** Installs a new classifier and returns the previous one (empty at start-up). */
    public Optional<EmotionClassifier> swap(EmotionClassifier next) {
        return Optional.ofNullable(current.getAndSet(next));
    }
}
