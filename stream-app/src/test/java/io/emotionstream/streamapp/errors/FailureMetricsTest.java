package io.emotionstream.streamapp.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

class FailureMetricsTest {
    @Test
    void shouldRegisterEveryProcessorsFailureCounterAtZeroSoThatTheFirstFailureIsAnIncrease() {
        // given a topology of two processors between a source and a sink
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("source"))
                .mapValues(v -> v.trim(), Named.as("trim"))
                .filter((k, v) -> !v.isEmpty(), Named.as("non-empty"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("sink"));
        Topology topology = builder.build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FailureMetrics metrics = new FailureMetrics(registry, "classifier");

        // when the client's failure counters are expected
        metrics.expectFailuresAt(topology.describe());

        // then each processor has its series at 0 before any failure, and sources and sinks have none
        assertThat(registry.find("emotion_processing_failures").counters())
                .extracting(c -> c.getId().getTag("node"))
                .containsExactlyInAnyOrder("trim", "non-empty");
        assertThat(failures(registry, "trim").count()).isZero();

        // and a failure increments that same series
        metrics.failed("trim");
        assertThat(failures(registry, "trim").count()).isEqualTo(1);
    }

    private static Counter failures(SimpleMeterRegistry registry, String node) {
        return registry.get("emotion_processing_failures")
                .tag("client", "classifier")
                .tag("node", node)
                .counter();
    }
}
