package io.emotionstream.streamapp.topology;

import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.RejectReason;
import io.emotionstream.platform.events.Decoded;
import io.emotionstream.platform.events.EventDecoder;
import io.emotionstream.schemas.DeadLetterHeaders;
import io.emotionstream.schemas.PurposeHeaders;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.classify.EmotionClassifier;
import io.emotionstream.streamapp.errors.DeadLetterFit;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step: bytes -> event (metadata and event time checked against {@link io.emotionstream.platform.events.EventLimits})
 * -> tensor, prepared with the face location of the champion serving now (none while
 * there is no model yet; the micro-batcher prepares again if the model changes meanwhile). Accepted events go on to
 * the micro-batcher; rejected records go, untouched, to the dead-letter sink with headers naming the reason, detail
 * and source topic, partition and offset.
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], ClassifierOutput> {

    private final EventDecoder decoder;
    private final ImagePreprocessors preprocessors;
    private final ClassifierHolder classifiers;
    private final StreamMetrics metrics;
    private final Clock clock;
    private final ErrorHandling errors;
    private ProcessorContext<byte[], ClassifierOutput> context;

    DecodeProcessor(
            EventDecoder decoder,
            ImagePreprocessors preprocessors,
            ClassifierHolder classifiers,
            StreamMetrics metrics,
            Clock clock,
            ErrorHandling errors) {
        this.errors = errors;
        this.decoder = decoder;
        this.preprocessors = preprocessors;
        this.classifiers = classifiers;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<byte[], ClassifierOutput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        errors.breaker().taken();
        String origin = context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "-" + m.offset())
                .orElse("unknown");
        Preprocessing preprocessing =
                classifiers.current().map(EmotionClassifier::preprocessing).orElse(Preprocessing.SEED);
        long start = System.nanoTime();
        Decoded decoded = decoder.decode(
                record.value(),
                record.headers(),
                record.timestamp(),
                origin,
                preprocessors.of(preprocessing),
                OptionalLong.of(clock.millis()));
        metrics.preprocessed(System.nanoTime() - start);
        if (decoded instanceof Decoded.Accepted accepted) {
            metrics.faceLocated(accepted.event(), accepted.prepared().face());
            if (!decoder.limits().purposes().hasNotice(accepted.event().getSource(), notice(record.headers()))) {
                metrics.servedWithoutNotice();
            }
            ClassifierOutput.route(
                    context,
                    new Record<>(
                            accepted.event().getEventId().getBytes(StandardCharsets.UTF_8),
                            new ClassifierOutput.Prepared(new PendingImage(
                                    accepted.event(),
                                    accepted.prepared(),
                                    preprocessing,
                                    clock.millis(),
                                    record.timestamp())),
                            record.timestamp()));
        } else if (decoded instanceof Decoded.Rejected rejected) {
            if (rejected.event() != null && rejected.reason() == RejectReason.NO_FACE) {
                metrics.faceNotFound(rejected.event());
            }
            metrics.deadLetter(rejected.reason());
            Headers headers = DeadLetterHeaders.of(record.headers(), rejected.reason(), rejected.detail());
            context.recordMetadata()
                    .ifPresent(m -> DeadLetterHeaders.origin(headers, m.topic(), m.partition(), m.offset()));
            DeadLetterFit.Fitted deadLetter = errors.fit(record.key(), record.value(), headers);
            ClassifierOutput.route(
                    context,
                    new Record<>(
                            record.key(),
                            new ClassifierOutput.DeadLetter(deadLetter.value()),
                            record.timestamp(),
                            deadLetter.headers()));
        }
    }

    /** The event's {@code notice} header, if any. */
    private static String notice(Headers headers) {
        Header notice = headers.lastHeader(PurposeHeaders.NOTICE);
        return notice == null || notice.value() == null ? null : new String(notice.value(), StandardCharsets.UTF_8);
    }
}
