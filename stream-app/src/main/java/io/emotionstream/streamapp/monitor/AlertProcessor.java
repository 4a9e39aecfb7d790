package io.emotionstream.streamapp.monitor;

import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Raises an alert when a gap is at or above the threshold and significant, and resolves it when a computable gap
 * (two or more sufficient groups) no longer is. Too little data changes nothing. Updates of windows older than the
 * newest one seen (late events) do not flip the state. Keyed MODEL/VERSION/ROLE/ATTRIBUTE/WINDOW.
 */
final class AlertProcessor implements Processor<String, AccuracyGap, String, BiasAlert> {
    static final String STATE = "bias-alert-state";

    record State(boolean raised, long windowStart) {
        /** Version 1 (10 bytes): {@code 0x01} | raised (1) | window start (8). Version 0 was the same 9 bytes unversioned. */
        static Serde<State> serde() {
            return Serdes.serdeFrom((t, s) -> ByteBuffer.allocate(10).put(JoinState.FORMAT_VERSION)
                            .put((byte) (s.raised() ? 1 : 0)).putLong(s.windowStart()).array(),
                    (t, b) -> {
                        ByteBuffer in = ByteBuffer.wrap(b);
                        if (b.length != 9) {
                            JoinState.requireKnownVersion(in.get(), "alert state");
                        }
                        return new State(in.get() == 1, in.getLong());
                    });
        }
    }

    private final double threshold;
    private final MonitorMetrics metrics;
    private ProcessorContext<String, BiasAlert> context;
    private KeyValueStore<String, State> states;

    AlertProcessor(double threshold, MonitorMetrics metrics) {
        this.threshold = threshold;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, BiasAlert> context) {
        this.context = context;
        this.states = context.getStateStore(STATE);
    }

    @Override
    public void process(Record<String, AccuracyGap> record) {
        AccuracyGap gap = record.value();
        long windowStart = gap.getWindow().getStart().toEpochMilli();
        State state = states.get(record.key());
        if (state != null && windowStart < state.windowStart()) {
            return;
        }
        boolean raised = state != null && state.raised();
        boolean breached = gap.getGap() != null && gap.getSignificant() && gap.getGap() >= threshold;
        boolean computable = gap.getGap() != null;
        if (breached && !raised) {
            emit(record, gap, AlertStatus.RAISED);
            raised = true;
        } else if (raised && computable && !breached) {
            emit(record, gap, AlertStatus.RESOLVED);
            raised = false;
        }
        states.put(record.key(), new State(raised, windowStart));
    }

    private void emit(Record<String, AccuracyGap> record, AccuracyGap gap, AlertStatus status) {
        metrics.alert(status.name().toLowerCase(Locale.ROOT));
        BiasAlert alert = BiasAlert.newBuilder()
                .setStatus(status)
                .setModelName(gap.getModelName())
                .setModelVersion(gap.getModelVersion())
                .setRole(gap.getRole())
                .setAttribute(gap.getAttribute())
                .setWindow(gap.getWindow())
                .setGap(gap.getGap())
                .setThreshold(threshold)
                .setPValue(gap.getPValue())
                .setMinGroup(gap.getMinGroup())
                .setMaxGroup(gap.getMaxGroup())
                .setAt(Instant.ofEpochMilli(record.timestamp()))
                .setSummary(summary(gap, status))
                .build();
        context.forward(record.withValue(alert));
    }

    private String summary(AccuracyGap gap, AlertStatus status) {
        return String.format(Locale.ROOT, "%s %s:%d %s: %s gap %.3f (%s lowest, %s highest), p=%.2g, threshold %.2f",
                status.name().toLowerCase(Locale.ROOT), gap.getModelName(), gap.getModelVersion(),
                gap.getRole().name().toLowerCase(Locale.ROOT), gap.getAttribute(), gap.getGap(), gap.getMinGroup(),
                gap.getMaxGroup(), gap.getPValue(), threshold);
    }
}
