package io.emotionstream.testkit;

import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.MonitorWindow;
import io.emotionstream.schemas.monitor.WindowKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** Records of the bias-alerts topic as the monitor writes them, for tests of what reads that topic. */
public final class BiasAlertRecords {
    private BiasAlertRecords() {}

    public static byte[] key(BiasKeys.Subject subject) {
        return BiasKeys.alert(subject, "cumulative").getBytes(StandardCharsets.UTF_8);
    }

    /** A raised alert (verdict UNFAIR) or a resolved one (verdict FAIR) about {@code subject}. */
    public static byte[] value(BiasKeys.Subject subject, AlertStatus status) {
        boolean raised = status == AlertStatus.RAISED;
        return Topics.alertSerde()
                .encode(BiasAlert.newBuilder()
                        .setStatus(status)
                        .setModelName(subject.model())
                        .setModelVersion(subject.version())
                        .setRole(subject.role())
                        .setAttribute(subject.attribute())
                        .setWindow(new MonitorWindow(WindowKind.CUMULATIVE, 0L, Instant.EPOCH, Instant.EPOCH))
                        .setGap(0.5)
                        .setThreshold(0.1)
                        .setPValue(raised ? 0.001 : null)
                        .setMinGroup("b")
                        .setMaxGroup("a")
                        .setAt(Instant.EPOCH)
                        .setSummary(status.name().toLowerCase(Locale.ROOT) + " (test)")
                        .setState(raised ? FairnessState.UNFAIR : FairnessState.FAIR)
                        .setRate(raised ? "accuracy" : null)
                        .setEValue(raised ? 1e4 : null)
                        .setEvidenceThreshold(700.0)
                        .build());
    }
}
