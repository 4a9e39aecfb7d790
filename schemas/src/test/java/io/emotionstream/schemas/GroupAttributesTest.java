package io.emotionstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupAttributesTest {
    private static final Map<String, String> GROUPS =
            Map.of("ethnicity", "white", "face", "claimed-by-producer", "source", "claimed-by-producer");

    @Test
    void shouldReadTheProducersGroupsForOrdinaryAttributes() {
        assertThat(GroupAttributes.value("ethnicity", GROUPS, "cam-1", Optional.of("detected")))
                .contains("white");
        assertThat(GroupAttributes.value("age", GROUPS, "cam-1", Optional.of("detected")))
                .isEmpty();
    }

    @Test
    void shouldDeriveSourceAndFaceFromTheRecordOverAProducersGroupOfTheSameName() {
        assertThat(GroupAttributes.value(GroupAttributes.SOURCE, GROUPS, "cam-1", Optional.empty()))
                .contains("cam-1");
        assertThat(GroupAttributes.value(GroupAttributes.FACE, GROUPS, "cam-1", Optional.of("detected")))
                .contains("detected");
        assertThat(GroupAttributes.value(GroupAttributes.FACE, GROUPS, "cam-1", Optional.empty()))
                .as("no face outcome yet: no face group, whatever the producer wrote")
                .isEmpty();
    }
}
