package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.FairnessAudit;
import io.emotionstream.fairness.state.StateVersion;
import io.emotionstream.schemas.monitor.AlertStatus;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.FairnessState;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.MonitorWindow;
import io.emotionstream.schemas.monitor.RateVerdict;
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
 * Alerts follow the sequential verdicts ({@link FairnessAudit}): RAISED when an attribute's verdict becomes
 * {@code UNFAIR}, RESOLVED when it no longer is (the labels since the raise showed every gap below the tolerance).
 * The store remembers what was last said, so a re-delivered verdict says nothing twice. Keyed
 * MODEL/VERSION/ROLE/ATTRIBUTE/cumulative.
 */
final class AlertProcessor implements Processor<String, AlertProcessor.Input, String, BiasAlert> {
    static final String STATE = "bias-alert-state";

    /** A scope's verdict and the cumulative window it covers. */
    record Input(FairnessVerdict verdict, MonitorWindow window) {}

    record State(boolean raised, long since) {
        static final byte FORMAT_VERSION = 1;

        /** Version 1 (10 bytes): {@code 0x01} | raised (1) | since (8). Version 0 was the same 9 bytes unversioned. */
        static Serde<State> serde() {
            return Serdes.serdeFrom(
                    (t, s) -> ByteBuffer.allocate(10)
                            .put(FORMAT_VERSION)
                            .put((byte) (s.raised() ? 1 : 0))
                            .putLong(s.since())
                            .array(),
                    (t, b) -> {
                        ByteBuffer in = ByteBuffer.wrap(b);
                        if (b.length != 9) {
                            StateVersion.require(in.get(), FORMAT_VERSION, FORMAT_VERSION, "alert state");
                        }
                        return new State(in.get() == 1, in.getLong());
                    });
        }
    }

    private final MonitorMetrics metrics;
    private ProcessorContext<String, BiasAlert> context;
    private KeyValueStore<String, State> states;

    AlertProcessor(MonitorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, BiasAlert> context) {
        this.context = context;
        this.states = context.getStateStore(STATE);
    }

    @Override
    public void process(Record<String, Input> record) {
        FairnessVerdict verdict = record.value().verdict();
        State state = states.get(record.key());
        boolean raised = state != null && state.raised();
        boolean unfair = verdict.getState() == FairnessState.UNFAIR;
        if (unfair && !raised) {
            emit(record, AlertStatus.RAISED);
        } else if (raised && !unfair) {
            emit(record, AlertStatus.RESOLVED);
        }
        states.put(record.key(), new State(unfair, verdict.getSince().toEpochMilli()));
    }

    private void emit(Record<String, Input> record, AlertStatus status) {
        metrics.alert(status.name().toLowerCase(Locale.ROOT));
        FairnessVerdict verdict = record.value().verdict();
        boolean raised = status == AlertStatus.RAISED;
        RateVerdict accuracy = verdict.getRates().get(0);
        double threshold = verdict.getEvidenceThreshold();
        BiasAlert alert = BiasAlert.newBuilder()
                .setStatus(status)
                .setModelName(verdict.getModelName())
                .setModelVersion(verdict.getModelVersion())
                .setRole(verdict.getRole())
                .setAttribute(verdict.getAttribute())
                .setWindow(record.value().window())
                .setGap(raised ? verdict.getRaisedGap() : accuracy.getGap())
                .setThreshold(verdict.getTolerance())
                .setPValue(raised ? Math.min(1, threshold * verdict.getAlpha() / verdict.getRaisedEValue()) : null)
                .setMinGroup(raised ? verdict.getRaisedLowestGroup() : accuracy.getLowestGroup())
                .setMaxGroup(raised ? verdict.getRaisedHighestGroup() : accuracy.getHighestGroup())
                .setAt(Instant.ofEpochMilli(record.timestamp()))
                .setSummary(summary(verdict, status))
                .setState(verdict.getState())
                .setRate(raised ? verdict.getRaisedBy() : null)
                .setEValue(raised ? verdict.getRaisedEValue() : null)
                .setEvidenceThreshold(threshold)
                .build();
        context.forward(record.withValue(alert));
    }

    private static String summary(FairnessVerdict verdict, AlertStatus status) {
        String subject = String.format(
                Locale.ROOT,
                "%s:%d %s %s",
                verdict.getModelName(),
                verdict.getModelVersion(),
                verdict.getRole().name().toLowerCase(Locale.ROOT),
                verdict.getAttribute());
        if (status == AlertStatus.RAISED) {
            return String.format(
                    Locale.ROOT,
                    "raised %s: UNFAIR, %s differs between groups (gap %s, %s lowest, %s highest, "
                            + "%s stands out), e-value %.3g >= %.3g",
                    subject,
                    verdict.getRaisedBy(),
                    gap(verdict.getRaisedGap()),
                    verdict.getRaisedLowestGroup(),
                    verdict.getRaisedHighestGroup(),
                    verdict.getStandingOut(),
                    verdict.getRaisedEValue(),
                    verdict.getEvidenceThreshold());
        }
        return String.format(
                Locale.ROOT,
                "resolved %s: %s, %d labels since the raise show every gap below %.2f",
                subject,
                verdict.getState(),
                verdict.getLabels(),
                verdict.getTolerance());
    }

    private static String gap(Double gap) {
        return gap == null ? "n/a" : String.format(Locale.ROOT, "%.3f", gap);
    }
}
