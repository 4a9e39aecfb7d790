package io.emotionstream.streamapp.topology;

import static io.emotionstream.streamapp.topology.ClassificationTopologyTest.TOPICS;
import static io.emotionstream.streamapp.topology.ClassificationTopologyTest.event;
import static io.emotionstream.streamapp.topology.ClassificationTopologyTest.header;
import static io.emotionstream.streamapp.topology.ClassificationTopologyTest.png;
import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.preprocess.ImagePreprocessors;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.streamapp.classify.ClassifierHolder;
import io.emotionstream.streamapp.classify.EmotionClassifier;
import io.emotionstream.streamapp.classify.ModelIdentity;
import io.emotionstream.streamapp.errors.DeadLetterFit;
import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.errors.ErrorHandling;
import io.emotionstream.streamapp.errors.FailureBreaker;
import io.emotionstream.streamapp.metrics.GroupTags;
import io.emotionstream.streamapp.metrics.StreamMetrics;
import io.emotionstream.streamapp.testkit.TopologyTestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever throws on one record sends that record to the dead letters as processing_failed and the stream goes on;
 * a failure on nearly every record stops the client.
 */
class LastLineOfDefenceTopologyTest {
    private static final float POISON_MEAN = 123 / 255f;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamMetrics metrics = new StreamMetrics(registry, new GroupTags(Set.of("source"), 5));
    private final ClassifierHolder holder = new ClassifierHolder();
    private final ErrorHandling errors =
            TopologyTestSettings.errorHandling("classifier", TOPICS, registry, FailureBreaker.withDefaults());
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<String, EmotionPrediction> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(EmotionClassifier champion) {
        holder.swap(champion);
        driver = new TopologyTestDriver(
                ClassificationTopology.build(
                        TOPICS,
                        holder,
                        metrics,
                        ClassificationTopologyTest.BATCHING,
                        ImagePreprocessors.withDefaults(),
                        EventLimits.DEFAULT,
                        errors,
                        ClassificationTopologyTest.CLOCK),
                TopologyTestSettings.properties("defence-test", errors),
                ClassificationTopologyTest.NOW);
        images = ClassificationTopologyTest.imagesTopic(driver);
        predictions = driver.createOutputTopic(
                TOPICS.predictions(),
                Serdes.String().deserializer(),
                Topics.predictionSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldDeadLetterTheOneEventTheModelThrowsOn_andClassifyTheRestOfItsBatch() throws Exception {
        // given a model that throws whenever its batch holds one particular image
        start(new Throwing(new FakeClassifier("fake", 1), batch -> hasMean(batch, POISON_MEAN)));

        // when a batch of four holds it
        pipe(event("fine-1", png(200)));
        pipe(event("poison", png(123)));
        pipe(event("fine-2", png(20)));
        pipe(event("fine-3", png(220)));

        // then the other three are classified and the poison is a dead letter with its event and the exception
        assertThat(predictions.readValuesToList())
                .extracting(EmotionPrediction::getEventId)
                .containsExactly("fine-1", "fine-2", "fine-3");
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, "dlq.reason")).isEqualTo("processing_failed");
        assertThat(header(dead, "dlq.exception")).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(dead, "dlq.detail")).contains("poison in batch");
        assertThat(dead.key()).isEqualTo("poison".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.value()).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(registry.get("emotion_dead_letters")
                        .tag("reason", "processing_failed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("emotion_processing_failures")
                        .tag("node", ClassificationTopology.MICRO_BATCHER)
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldDeadLetterARecordWhoseProcessingThrows_withItsDigest_andGoOn() throws Exception {
        // given a model whose second question about itself throws (a bug met while decoding one record)
        AtomicInteger calls = new AtomicInteger();
        start(new FakeClassifier("fake", 1) {
            @Override
            public Preprocessing preprocessing() {
                if (calls.incrementAndGet() == 2) {
                    throw new IllegalArgumentException("bug on record two");
                }
                return super.preprocessing();
            }
        });
        byte[] second = Topics.imageEventSerde().encode(event("second", png(200)));

        // when
        pipe(event("first", png(200)));
        images.pipeInput("second".getBytes(StandardCharsets.UTF_8), second);
        pipe(event("third", png(200)));
        pipe(event("fourth", png(200)));
        pipe(event("fifth", png(200)));
        driver.advanceWallClockTime(ClassificationTopologyTest.BATCHING.maxWait());

        // then the record is a dead letter naming its bytes and where it failed; the others are classified
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isNull();
        assertThat(header(dead, "dlq.value.sha256")).isEqualTo(ClassificationTopologyTest.sha256Hex(second));
        assertThat(header(dead, "dlq.value.size")).isEqualTo(Integer.toString(second.length));
        assertThat(dead.key()).isEqualTo("second".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, "dlq.reason")).isEqualTo("processing_failed");
        assertThat(header(dead, "dlq.node")).isEqualTo(ClassificationTopology.DECODER);
        assertThat(header(dead, "dlq.detail")).isEqualTo("IllegalArgumentException: bug on record two");
        assertThat(header(dead, "dlq.topic")).isEqualTo(TOPICS.images());
        assertThat(header(dead, "dlq.offset")).isEqualTo("1");
        assertThat(predictions.readValuesToList())
                .extracting(EmotionPrediction::getEventId)
                .containsExactly("first", "third", "fourth", "fifth");
    }

    @Test
    void shouldStopTheClientWhenTheModelFailsOnNearlyEveryRecord() throws Exception {
        // given a model that cannot run at all
        start(new Throwing(new FakeClassifier("broken", 1), batch -> true));

        // when events keep coming, then the client stops once the breaker trips (about 100 records), not before
        int piped = 0;
        Throwable stopped = null;
        while (stopped == null && piped < 400) {
            try {
                pipe(event("e" + piped, png(200)));
                piped++;
            } catch (StreamsException e) {
                stopped = e;
            }
        }
        assertThat(stopped).as("the client stops").isNotNull();
        assertThat(piped).isBetween(96, 200);
        assertThat(registry.get("emotion_processing_breaker_tripped")
                        .tag("client", "classifier")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(deadLetters.readRecordsToList())
                .as("every record before the trip is a dead letter")
                .allSatisfy(r -> assertThat(header(r, "dlq.reason")).isEqualTo("processing_failed"))
                .hasSizeGreaterThanOrEqualTo(96);
    }

    @Test
    void shouldNotStopForScatteredFailures() throws Exception {
        // given a model that throws on one image in twenty
        start(new Throwing(new FakeClassifier("fake", 1), batch -> hasMean(batch, POISON_MEAN)));

        // when 400 events go through
        for (int i = 0; i < 400; i++) {
            pipe(event("e" + i, png(i % 20 == 0 ? 123 : 200)));
        }

        // then 20 dead letters, 380 predictions, and the client still running
        assertThat(deadLetters.readRecordsToList()).hasSize(20);
        assertThat(predictions.readRecordsToList()).hasSize(380);
        assertThat(registry.get("emotion_processing_breaker_tripped").gauge().value())
                .isZero();
    }

    @Test
    void shouldFitADeadLetterToItsTopic_keepingTheOriginalsHashSizeAndPosition() throws Exception {
        // given a dead-letter topic that takes 20,000 bytes a record (one the app could not raise)
        ErrorHandling small = new ErrorHandling(
                "classifier",
                TOPICS.deadLetters(),
                new DeadLetterFit(20_000, DeadLetterValues.KEEP),
                FailureBreaker.withDefaults(),
                errors.metrics());
        holder.swap(new FakeClassifier("fake", 1));
        driver = new TopologyTestDriver(
                ClassificationTopology.build(
                        TOPICS,
                        holder,
                        metrics,
                        ClassificationTopologyTest.BATCHING,
                        ImagePreprocessors.withDefaults(),
                        EventLimits.DEFAULT,
                        small,
                        ClassificationTopologyTest.CLOCK),
                TopologyTestSettings.properties("fit-test", small),
                ClassificationTopologyTest.NOW);
        images = ClassificationTopologyTest.imagesTopic(driver);
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        byte[] junk = new byte[60_000];
        Arrays.fill(junk, (byte) 7);

        // when 60 KB that is not an image arrives
        images.pipeInput("junk".getBytes(StandardCharsets.UTF_8), junk);

        // then its dead letter carries the reason, the original's SHA-256 and size, and where it is, not its bytes
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isNull();
        assertThat(header(dead, "dlq.reason")).isEqualTo("unrecognized_format");
        assertThat(header(dead, "dlq.value.size")).isEqualTo("60000");
        assertThat(header(dead, "dlq.value.sha256"))
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(junk)));
        assertThat(header(dead, "dlq.topic")).isEqualTo(TOPICS.images());
        assertThat(header(dead, "dlq.offset")).isEqualTo("0");
    }

    private void pipe(FaceImageEvent event) {
        images.pipeInput(
                event.getEventId().getBytes(StandardCharsets.UTF_8),
                Topics.imageEventSerde().encode(event));
    }

    private static boolean hasMean(float[][] batch, float mean) {
        for (float[] image : batch) {
            double sum = 0;
            for (float v : image) {
                sum += v;
            }
            if (Math.abs(sum / image.length - mean) < 1e-3) {
                return true;
            }
        }
        return false;
    }

    /** A model that throws for the batches {@code failsOn} picks, else answers like {@code delegate}. */
    private record Throwing(FakeClassifier delegate, Predicate<float[][]> failsOn) implements EmotionClassifier {
        @Override
        public ModelIdentity model() {
            return delegate.model();
        }

        @Override
        public Preprocessing preprocessing() {
            return delegate.preprocessing();
        }

        @Override
        public float[][] classify(float[][] batch) {
            if (failsOn.test(batch)) {
                throw new IllegalStateException("poison in batch of " + batch.length);
            }
            return delegate.classify(batch);
        }
    }
}
