package io.emotionstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.events.ModelRole;
import org.junit.jupiter.api.Test;

class BiasKeysTest {
    private static final BiasKeys.Subject SUBJECT = new BiasKeys.Subject("faces", 3, ModelRole.CHALLENGER, "ethnicity");

    @Test
    void shouldSpellTheKeysTheReadmeDocuments() {
        assertThat(BiasKeys.accuracy(SUBJECT, "hopping", 1_700_000_000_000L, "east_asian"))
                .isEqualTo("accuracy/faces/3/challenger/hopping/1700000000000/ethnicity/east_asian");
        assertThat(BiasKeys.gap(SUBJECT, "cumulative", 0)).isEqualTo("gap/faces/3/challenger/cumulative/0/ethnicity");
        assertThat(BiasKeys.alert(SUBJECT, "cumulative")).isEqualTo("faces/3/challenger/ethnicity/cumulative");
    }

    @Test
    void shouldReadBackTheSubjectOfAnAlertKeyEvenWithASlashInTheAttribute() {
        var slashed = new BiasKeys.Subject("faces", 3, ModelRole.CHAMPION, "region/country");

        assertThat(BiasKeys.alertSubject(BiasKeys.alert(SUBJECT, "hopping"))).contains(SUBJECT);
        assertThat(BiasKeys.alertSubject(BiasKeys.alert(slashed, "cumulative"))).contains(slashed);
    }

    @Test
    void shouldRefuseKeysThatAreNotAlertKeys() {
        assertThat(BiasKeys.alertSubject("faces/x/champion/ethnicity/cumulative"))
                .isEmpty();
        assertThat(BiasKeys.alertSubject("faces/1/referee/ethnicity/cumulative"))
                .isEmpty();
        assertThat(BiasKeys.alertSubject("faces/1/champion")).isEmpty();
        assertThat(BiasKeys.alertSubject("")).isEmpty();
    }
}
