package io.emotionstream.retrainer;

import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What a record on the bias-alerts topic asks of the retrainer: a retrain of its model when the monitor raised
 * an alert about it (its verdict turned UNFAIR); nothing when the alert resolved or is about another model. The topic
 * is input like any other: a key or value that cannot be read is counted, never thrown.
 */
public final class AlertRequest {
    /** What became of one alert record ({@code trainer_alerts_total{outcome}}). */
    public enum Outcome {
        RETRAIN,
        OTHER_MODEL,
        RESOLVED,
        UNREADABLE_KEY,
        UNREADABLE_VALUE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private AlertRequest() {}

    /** The alert's subject (model, version, role, attribute) when it asks {@code model} to be retrained. */
    public record Request(Outcome outcome, Optional<BiasKeys.Subject> subject) {}

    public static Request of(byte[] key, byte[] value, String model) {
        Optional<BiasKeys.Subject> subject =
                key == null ? Optional.empty() : BiasKeys.alertSubject(new String(key, StandardCharsets.UTF_8));
        if (subject.isEmpty()) {
            return new Request(Outcome.UNREADABLE_KEY, Optional.empty());
        }
        if (!subject.get().model().equals(model)) {
            return new Request(Outcome.OTHER_MODEL, subject);
        }
        BiasAlert alert;
        try {
            alert = value == null ? null : Topics.alertSerde().decode(value);
        } catch (SerializationException e) {
            alert = null;
        }
        if (alert == null) {
            return new Request(Outcome.UNREADABLE_VALUE, subject);
        }
        return new Request(alert.getStatus() == AlertStatus.RAISED ? Outcome.RETRAIN : Outcome.RESOLVED, subject);
    }
}
