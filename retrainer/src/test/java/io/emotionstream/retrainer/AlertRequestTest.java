package io.emotionstream.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.BiasKeys;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.testkit.BiasAlertRecords;
import java.nio.charset.StandardCharsets;
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
        assertThat(AlertRequest.of(key(FACES), alert(AlertStatus.RESOLVED), "faces")
                        .outcome())
                .isEqualTo(AlertRequest.Outcome.RESOLVED);
        assertThat(AlertRequest.of(key(FACES), alert(AlertStatus.RAISED), "voices")
                        .outcome())
                .isEqualTo(AlertRequest.Outcome.OTHER_MODEL);
    }

    @Test
    void shouldCountUnreadableKeysAndValuesInsteadOfThrowing() {
        assertThat(AlertRequest.of(null, alert(AlertStatus.RAISED), "faces").outcome())
                .isEqualTo(AlertRequest.Outcome.UNREADABLE_KEY);
        assertThat(AlertRequest.of("faces".getBytes(StandardCharsets.UTF_8), alert(AlertStatus.RAISED), "faces")
                        .outcome())
                .isEqualTo(AlertRequest.Outcome.UNREADABLE_KEY);
        assertThat(AlertRequest.of(
                                "faces/x/champion/a/cumulative".getBytes(StandardCharsets.UTF_8),
                                alert(AlertStatus.RAISED),
                                "faces")
                        .outcome())
                .isEqualTo(AlertRequest.Outcome.UNREADABLE_KEY);
        assertThat(AlertRequest.of(key(FACES), new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}, "faces")
                        .outcome())
                .isEqualTo(AlertRequest.Outcome.UNREADABLE_VALUE);
        assertThat(AlertRequest.of(key(FACES), null, "faces").outcome())
                .isEqualTo(AlertRequest.Outcome.UNREADABLE_VALUE);
    }

    private static byte[] key(BiasKeys.Subject subject) {
        return BiasAlertRecords.key(subject);
    }

    private static byte[] alert(AlertStatus status) {
        return BiasAlertRecords.value(FACES, status);
    }
}
