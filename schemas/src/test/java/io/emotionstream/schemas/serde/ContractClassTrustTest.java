package io.emotionstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.monitor.AlertStatus;
import java.io.File;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class ContractClassTrustTest {
    @Test
    void shouldTrustTheClassesGeneratedFromOurSchemasOnceAnySchemaIsParsed() {
        // given any generated class in use (its schema is parsed when the class is loaded)
        assertThat(FaceImageEvent.getClassSchema()).isNotNull();

        // then Avro trusts our generated records and enums
        ClassSecurityValidator.validate(FaceImageEvent.class);
        ClassSecurityValidator.validate(AlertStatus.class);
    }

    @Test
    void shouldTrustNothingElse() {
        assertThat(FaceImageEvent.getClassSchema()).isNotNull();

        assertThatThrownBy(() -> ClassSecurityValidator.validate(File.class)).isInstanceOf(SecurityException.class);
        assertThat(ContractClassTrust.isContract(ContractClassTrust.class))
                .as("our own hand-written classes, not generated from a schema")
                .isFalse();
    }
}
