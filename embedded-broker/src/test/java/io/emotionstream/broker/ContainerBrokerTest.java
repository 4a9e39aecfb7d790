package io.emotionstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ContainerBrokerTest {

    @Test
    void shouldNameSettingsByTheKafkaImageRule() {
        assertThat(ContainerBroker.propertyName("KAFKA_LOG_DIRS")).isEqualTo("log.dirs");
        assertThat(ContainerBroker.propertyName("KAFKA_LISTENER_NAME_INTERNAL_SSL__KEYSTORE_LOCATION"))
                .isEqualTo("listener.name.internal.ssl_keystore.location");
        assertThat(ContainerBroker.propertyName("KAFKA_SOME___SETTING")).isEqualTo("some-setting");
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheSingleNodeDefaults() {
        // given what Testcontainers' KafkaContainer and the compose file set
        Map<String, String> env = Map.of(
                "KAFKA_LISTENERS", "PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094",
                "KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9094",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
                "PATH", "/usr/bin");

        // when
        Properties props = ContainerBroker.properties(env);

        // then
        assertThat(props.getProperty("listeners")).isEqualTo(env.get("KAFKA_LISTENERS"));
        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@localhost:9094");
        assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(props.getProperty("log.dirs")).isEqualTo(ContainerBroker.DEFAULT_LOG_DIR);
        assertThat(props).doesNotContainKey("path");
    }

    @Test
    void shouldNotReadTheJvmVariablesAsBrokerSettings() {
        Properties props = ContainerBroker.properties(Map.of("KAFKA_HEAP_OPTS", "-Xmx1g", "KAFKA_OPTS", "-Dx=y"));

        assertThat(props).doesNotContainKeys("heap.opts", "opts");
    }
}
