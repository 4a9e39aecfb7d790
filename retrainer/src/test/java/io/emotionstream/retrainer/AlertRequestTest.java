package io.emotionstream.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.MonitorWindow;
import io.emotionstream.schemas.monitor.WindowKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertRequestTest {
    private static final BiasKeys.Subject FACES = new BiasKeys.Subject("faces", 3, ModelRole.CHAMPION, "ethnicity");

    @Test
    void shouldAskForARetrainWhenAnAlertAboutTheModelIsRaised() {
        AlertRequest.Request request = AlertRequest.of(key(FACES), alert(AlertStatus.RAISED), "faces");

        assertThat(request.outcome()).isEqualTo(AlertRequest.Outcome.RETRAIN);
        assertThat(request.subject()).contains(FACES);
    }

    @Test
    void shouldAskNothingWhenTheAlertResolvedOrIsAboutAnotherModel() {
        assertThat(AlertRequest.of(key(FACES), alert(AlertStatus.RESOLVED), "faces").outcome())
                .isEqualTo(AlertRequest.Outcome.RESOLVED);
        assertThat(AlertRequest.of(key(FACES), alert(AlertStatus.RAISED), "voices").outcome())
                .isEqualTo(AlertRequest.Outcome.OTHER_MODEL);
    }

    @Test
    void shouldCountUnreadableKeysAndValuesInsteadOfThrowing() {
        assertThat(AlertRequest.of(null, alert(AlertStatus.RAISED), "faces").outcome()).isEqualTo(AlertRequest.Outcome.UNREADABLE_KEY);
        assertThat(AlertRequest.of("faces".getBytes(StandardCharsets.UTF_8), alert(AlertStatus.RAISED), "faces").outcome())
                .isEqualTo(AlertRequest.Outcome.UNREADABLE_KEY);
        assertThat(AlertRequest.of("faces/x/champion/a/cumulative".getBytes(StandardCharsets.UTF_8), alert(AlertStatus.RAISED),
                "faces").outcome()).isEqualTo(AlertRequest.Outcome.UNREADABLE_KEY);
        assertThat(AlertRequest.of(key(FACES), new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}, "faces").outcome())
                .isEqualTo(AlertRequest.Outcome.UNREADABLE_VALUE);
        assertThat(AlertRequest.of(key(FACES), null, "faces").outcome()).isEqualTo(AlertRequest.Outcome.UNREADABLE_VALUE);
    }

    static byte[] key(BiasKeys.Subject subject) {
        return BiasKeys.alert(subject, "cumulative").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] alert(AlertStatus status) {
        return Topics.alertSerde().encode(BiasAlert.newBuilder().setStatus(status).setModelName("faces").setModelVersion(3)
                .setRole(ModelRole.CHAMPION).setAttribute("ethnicity")
                .setWindow(new MonitorWindow(WindowKind.CUMULATIVE, 0L, Instant.EPOCH, Instant.EPOCH))
                .setGap(0.3).setThreshold(0.1).setPValue(0.01).setMinGroup("b").setMaxGroup("a").setAt(Instant.EPOCH)
                .setSummary("test").setState(status == AlertStatus.RAISED ? FairnessState.UNFAIR : FairnessState.FAIR)
                .setRate("accuracy").setEValue(900.0).setEvidenceThreshold(700.0).build());
    }
}
