package io.emotionstream.model.violation;

import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A deliberate violation for ArchitectureTest: the ML core counting on a meter registry, and reaching up into the
 * stream app. Test code, never shipped.
 */
public final class MetersInTheMlCore {
    public void count(MeterRegistry meters, ClassifierHolder classifiers) {
        meters.counter("emotion_models_loaded_total")
                .increment(classifiers.current().isPresent() ? 1 : 0);
    }
}
