package io.emotionstream.streamapp.errors;

import io.emotionstream.schemas.DeadLetterHeaders;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence: whatever throws while one record is processed (a bug, or an input no check foresaw)
 * sends that record to the dead-letter topic with reason {@code processing_failed}, the exception's class and
 * message, the processor node and the record's origin, its original key, value and headers kept (Kafka Streams'
 * dead-letter support, KIP-1034: the records go out in the same transaction as the skipped input's offset). The
 * failure is logged with its stack and counted; the stream goes on. When nearly every record fails
 * ({@link FailureBreaker}) the client stops instead, loudly.
 *
 * <p>One class for the three places Kafka Streams asks: processing (a processor or punctuator threw), deserialization
 * (an internal topic's record cannot be read: our sources read bytes and decode inside the topology) and production
 * (an output cannot be serialized, or the producer refuses it as too large before sending: then the dead letter carries
 * the original's SHA-256 and size instead of the value, and points at the original by topic, partition and offset).
 * Network and broker errors are not data: they keep Kafka Streams' default. A record the broker refuses for its size
 * fails the whole transaction under exactly-once whatever this handler says, so dead letters are fitted to their
 * topic before they are sent ({@link DeadLetterFit}).
 */
public final class DeadLetteringExceptionHandler
        implements ProcessingExceptionHandler, DeserializationExceptionHandler, ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringExceptionHandler.class);

    private ErrorHandling handling;

    @Override
    public void configure(Map<String, ?> configs) {
        this.handling = ErrorHandling.from(configs);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        List<ProducerRecord<byte[], byte[]>> deadLetters =
                List.of(deadLetter(context, context.sourceRawValue(), exception));
        return failed(context, exception)
                ? ProcessingExceptionHandler.Response.fail(deadLetters)
                : ProcessingExceptionHandler.Response.resume(deadLetters);
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        List<ProducerRecord<byte[], byte[]>> deadLetters = List.of(deadLetter(context, record.value(), exception));
        return failed(context, exception)
                ? DeserializationExceptionHandler.Response.fail(deadLetters)
                : DeserializationExceptionHandler.Response.resume(deadLetters);
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        List<ProducerRecord<byte[], byte[]>> deadLetters =
                List.of(deadLetter(context, context.sourceRawValue(), exception));
        return failed(context, exception)
                ? ProductionExceptionHandler.Response.fail(deadLetters)
                : ProductionExceptionHandler.Response.resume(deadLetters);
    }

    @Override
    public ProductionExceptionHandler.Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return ProductionExceptionHandler.Response.fail(); // the broker or network: not a property of the record
        }
        ProducerRecord<byte[], byte[]> deadLetter = deadLetter(context, null, exception);
        DeadLetterFit.pointTo(
                context.sourceRawValue() != null ? context.sourceRawValue() : record.value(), deadLetter.headers());
        return failed(context, exception)
                ? ProductionExceptionHandler.Response.fail(List.of(deadLetter))
                : ProductionExceptionHandler.Response.resume(List.of(deadLetter));
    }

    /** Logs, counts, and asks the breaker: true when the client must stop. */
    private boolean failed(ErrorHandlerContext context, Exception exception) {
        boolean stop = handling.recordFailure(context.processorNodeId());
        if (stop) {
            LOG.error(
                    "{}: processing failed at node {} for {}-{}@{}, and {}: stopping the client",
                    handling.client(),
                    context.processorNodeId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    handling.breaker().describe(),
                    exception);
        } else {
            LOG.error(
                    "{}: processing failed at node {} for {}-{}@{}: record sent to {} as processing_failed, stream goes on",
                    handling.client(),
                    context.processorNodeId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    handling.deadLetterTopic(),
                    exception);
        }
        return stop;
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] value, Exception exception) {
        Headers headers = DeadLetterHeaders.processingFailed(
                context.headers() == null ? new RecordHeaders() : context.headers(),
                exception,
                String.valueOf(context.processorNodeId()));
        DeadLetterHeaders.origin(headers, context.topic(), context.partition(), context.offset());
        DeadLetterFit.Fitted fitted = handling.fit(context.sourceRawKey(), value, headers);
        return new ProducerRecord<>(
                handling.deadLetterTopic(), null, context.sourceRawKey(), fitted.value(), fitted.headers());
    }
}
