package io.emotionstream.streamapp.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.registry.SchemaRegistry;
import io.emotionstream.schemas.registry.SchemaRegistryException;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.streamapp.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaProvisionerTest {
    /** Records what the app asks of a registry. */
    private static final class RecordingRegistry implements SchemaRegistry {
        final Map<String, Compatibility> compatibility = new TreeMap<>();
        final List<String> registered = new ArrayList<>();
        String refuse = "";

        @Override
        public int register(String subject, Schema schema) {
            if (subject.equals(refuse)) {
                throw new SchemaRegistryException("HTTP 409 incompatible schema");
            }
            registered.add(subject);
            return registered.size();
        }

        @Override
        public Schema schema(int id) {
            throw new UnsupportedOperationException("not read at start-up");
        }

        @Override
        public void setCompatibility(String subject, Compatibility level) {
            compatibility.put(subject, level);
        }
    }

    private final RecordingRegistry registry = new RecordingRegistry();
    private final TopicCodecs codecs = TopicCodecs.of(Topics.DEFAULT, WireFormat.CONFLUENT, Optional.of(registry));

    @Test
    void shouldSetBackwardOnEverySubjectAndRegisterOnlyTheSubjectsTheAppWrites() {
        SchemaProvisioner.provision(codecs);

        assertThat(registry.compatibility).hasSize(9).containsKeys("emotion.images-value", "emotion.labels-value");
        assertThat(registry.compatibility.values()).containsOnly(SchemaRegistry.Compatibility.BACKWARD);
        assertThat(registry.registered)
                .contains(
                        "emotion.predictions-value",
                        "emotion.predictions.shadow-value",
                        "emotion.bias-alerts-value",
                        "emotion.bias-metrics-io.emotionstream.schemas.monitor.GroupAccuracy")
                .doesNotContain("emotion.images-value", "emotion.labels-value")
                .hasSize(7);
    }

    @Test
    void shouldStopStartUpWithOneLineNamingTheSubjectWhenTheRegistryRefusesTheSchema() {
        registry.refuse = "emotion.predictions-value";

        assertThatThrownBy(() -> SchemaProvisioner.provision(codecs))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emotion.predictions-value")
                .hasMessageContaining("409")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldAskNothingWithoutARegistry() {
        SchemaProvisioner.provision(TopicCodecs.singleObject(Topics.DEFAULT));

        assertThat(registry.compatibility).isEmpty();
        assertThat(registry.registered).isEmpty();
    }
}
