package io.emotionstream.streamapp.topology;

import java.time.Duration;

/**
 * Micro-batching: a forward pass runs when {@code maxBatch} events wait, or {@code maxWait} after the last pass,
 * whichever comes first (batch 32 is ~4x the throughput of batch 1 here).
 */
public record BatchingConfig(int maxBatch, Duration maxWait) {
    public static final BatchingConfig DEFAULT = new BatchingConfig(32, Duration.ofMillis(20));

    public BatchingConfig {
        if (maxBatch < 1 || maxBatch > 4096) {
            throw new IllegalArgumentException("batch size must be in 1..4096: " + maxBatch);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("batch wait must be positive: " + maxWait);
        }
    }
}
