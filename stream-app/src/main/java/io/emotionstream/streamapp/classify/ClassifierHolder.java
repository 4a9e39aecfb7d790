package io.emotionstream.streamapp.classify;

import io.emotionstream.schemas.events.ModelRole;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models the app currently serves: a champion (main results) and optionally a challenger (shadow results).
 * A swap is one atomic reference change: a batch in flight finishes with the classifier it started with, the next
 * batch uses the new one, and each prediction names the model that made it.
 */
public final class ClassifierHolder {
    private final Map<ModelRole, AtomicReference<EmotionClassifier>> current = new EnumMap<>(ModelRole.class);

    public ClassifierHolder() {
        for (ModelRole role : ModelRole.values()) {
            current.put(role, new AtomicReference<>());
        }
    }

    public ClassifierHolder(EmotionClassifier champion) {
        this();
        swap(ModelRole.CHAMPION, champion);
    }

    /** The champion. */
    public Optional<EmotionClassifier> current() {
        return current(ModelRole.CHAMPION);
    }

    public Optional<EmotionClassifier> current(ModelRole role) {
        return Optional.ofNullable(current.get(role).get());
    }

    /** Installs the champion and returns the previous one (empty at start-up). */
    public Optional<EmotionClassifier> swap(EmotionClassifier next) {
        return swap(ModelRole.CHAMPION, next);
    }

    /** Installs {@code next} in {@code role} ({@code null} clears it) and returns the previous one. */
    public Optional<EmotionClassifier> swap(ModelRole role, EmotionClassifier next) {
        return Optional.ofNullable(current.get(role).getAndSet(next));
    }
}
