package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.ComparisonStats;
import io.emotionstream.fairness.PairedGroup;
import io.emotionstream.fairness.ScopeOutcome;
import io.emotionstream.fairness.ScopeStats;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka serdes over the byte formats the fairness module gives its state and outcomes (versioned there). */
final class MonitorSerdes {
    private MonitorSerdes() {}

    static Serde<ScopeStats> scopeStats() {
        return of(ScopeStats::toBytes, ScopeStats::fromBytes);
    }

    static Serde<ScopeOutcome> scopeOutcome() {
        return of(ScopeOutcome::toBytes, ScopeOutcome::fromBytes);
    }

    static Serde<ComparisonStats> comparisonStats() {
        return of(ComparisonStats::toBytes, ComparisonStats::fromBytes);
    }

    static Serde<PairedGroup> pairedGroup() {
        return of(PairedGroup::toBytes, PairedGroup::fromBytes);
    }

    /** A tombstone (null) stays null both ways. */
    private static <T> Serde<T> of(Function<T, byte[]> write, Function<byte[], T> read) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> bytes == null ? null : read.apply(bytes));
    }
}
