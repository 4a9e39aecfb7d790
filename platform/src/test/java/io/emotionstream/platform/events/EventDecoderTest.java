package io.emotionstream.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.PurposeHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.registry.ConfluentFraming;
import io.emotionstream.schemas.registry.SchemaRegistry;
import io.emotionstream.schemas.registry.SchemaRegistryUnavailableException;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.schemas.registry.WireFormat;
import io.emotionstream.testkit.AvroBytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Everything around the image is bounded: each kind of oversized or mistimed event has its named dead letter. */
class EventDecoderTest {
    private static final long NOW = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();
    private final EventDecoder decoder = new EventDecoder(ImagePreprocessor.withDefaultLimits());

    @Test
    void shouldAcceptAnEventWithinEveryLimit() throws IOException {
        Decoded decoded = decodeAvro(event("ok", "cam-1", Map.of("ethnicity", "east_asian"), NOW - 1_000));

        assertThat(decoded).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void shouldRefuseOversizedMetadataAsMetadataTooLarge() throws IOException {
        String longest = "x".repeat(EventLimits.DEFAULT.maxSourceChars() + 1);
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= EventLimits.DEFAULT.maxGroups(); i++) {
            tooMany.put("attribute" + i, "v");
        }

        assertThat(reason(decodeAvro(event("x".repeat(257), "cam", Map.of(), NOW))))
                .isEqualTo("metadata_too_large");
        assertThat(reason(decodeAvro(event("e", "s".repeat(70_000), Map.of(), NOW))))
                .isEqualTo("metadata_too_large");
        assertThat(reason(decodeAvro(event("e", longest, Map.of(), NOW)))).isEqualTo("metadata_too_large");
        assertThat(reason(decodeAvro(event("e", "cam", tooMany, NOW)))).isEqualTo("metadata_too_large");
        assertThat(reason(decodeAvro(event("e", "cam", Map.of("k".repeat(65), "v"), NOW))))
                .isEqualTo("metadata_too_large");
        assertThat(reason(decodeAvro(event("e", "cam", Map.of("k", "v".repeat(257)), NOW))))
                .isEqualTo("metadata_too_large");
        FaceImageEvent longSubject = event("e", "cam", Map.of(), NOW);
        longSubject.setSubjectId("s".repeat(257));
        assertThat(reason(decodeAvro(longSubject))).isEqualTo("metadata_too_large");
    }

    @Test
    void shouldRefuseASourceFilmingAWorkplaceBeforeDecodingItsImage() throws IOException {
        // given a decoder told that one source films a workplace, another a workplace with a safety exemption
        SourcePurposes purposes = new SourcePurposes(
                Map.of("office-cam", DeploymentContext.WORKPLACE, "plant-cam", DeploymentContext.WORKPLACE),
                Map.of("plant-cam", DeploymentContext.Exemption.SAFETY),
                Map.of());
        EventDecoder declared = new EventDecoder(
                ImagePreprocessor.withDefaultLimits(),
                EventLimits.DEFAULT.toBuilder().purposes(purposes).build());
        FaceImageEvent notAnImage = event("e1", "office-cam", Map.of(), NOW);
        notAnImage.setImage(ByteBuffer.wrap(utf8("not an image")));

        // when / then the office's events are refused, even one whose image could not be read: it is never read
        Decoded refused = declared.decode(
                Topics.imageEventSerde().encode(notAnImage),
                new RecordHeaders(),
                NOW,
                "fallback",
                ImagePreprocessor.withDefaultLimits(),
                OptionalLong.of(NOW));
        assertThat(reason(refused)).isEqualTo("prohibited_context");
        assertThat(((Decoded.Rejected) refused).detail()).contains("office-cam", "workplace", "Art. 5(1)(f)");
        // and the exempt source and an undeclared one are served
        assertThat(declared.decode(
                        Topics.imageEventSerde().encode(event("e2", "plant-cam", Map.of(), NOW)),
                        new RecordHeaders(),
                        NOW,
                        "fallback"))
                .isInstanceOf(Decoded.Accepted.class);
        assertThat(declared.decode(
                        Topics.imageEventSerde().encode(event("e3", "lobby-cam", Map.of(), NOW)),
                        new RecordHeaders(),
                        NOW,
                        "fallback"))
                .isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void shouldJudgeAnUndeclaredSourceByItsHeader_andRefuseAHeaderThatContradictsTheSettings() throws IOException {
        // given a decoder that knows one source films a shop floor
        EventDecoder declared = new EventDecoder(
                ImagePreprocessor.withDefaultLimits(),
                EventLimits.DEFAULT.toBuilder()
                        .purposes(new SourcePurposes(Map.of("shop-cam", DeploymentContext.RETAIL), Map.of(), Map.of()))
                        .build());

        // when events claim their context in a header
        Decoded classroom = decodeClaiming(declared, "class-cam", "education");
        Decoded shopAsHospital = decodeClaiming(declared, "shop-cam", "healthcare");
        Decoded nonsense = decodeClaiming(declared, "hall-cam", "x".repeat(500));
        Decoded shopAsShop = decodeClaiming(declared, "shop-cam", "retail");

        // then an undeclared source's claim counts (education is prohibited), the settings win over a claim, and a
        // claim that names no context is refused with a bounded detail
        assertThat(reason(classroom)).isEqualTo("prohibited_context");
        assertThat(((Decoded.Rejected) classroom).detail()).contains("claimed in a education context");
        assertThat(reason(shopAsHospital)).isEqualTo("context_mismatch");
        assertThat(((Decoded.Rejected) shopAsHospital).detail())
                .isEqualTo("source 'shop-cam' is declared in a retail context, the event claims healthcare");
        assertThat(reason(nonsense)).isEqualTo("context_mismatch");
        assertThat(((Decoded.Rejected) nonsense).detail()).hasSizeLessThan(120);
        assertThat(shopAsShop).isInstanceOf(Decoded.Accepted.class);
    }

    private static Decoded decodeClaiming(EventDecoder decoder, String source, String context) throws IOException {
        return decoder.decode(
                Topics.imageEventSerde().encode(event("e-" + source, source, Map.of(), NOW)),
                new RecordHeaders().add(PurposeHeaders.CONTEXT, utf8(context)),
                NOW,
                "fallback");
    }

    @Test
    void shouldRefuseAnExemptionForASourceWhoseContextProhibitsNothing() {
        assertThatThrownBy(() -> new SourcePurposes(
                        Map.of("shop-cam", DeploymentContext.RETAIL),
                        Map.of("shop-cam", DeploymentContext.Exemption.MEDICAL),
                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 'shop-cam' has an exemption but its context (retail) prohibits nothing");
        assertThatThrownBy(() ->
                        new SourcePurposes(Map.of(), Map.of("ghost-cam", DeploymentContext.Exemption.SAFETY), Map.of()))
                .hasMessageContaining("(none declared)");
    }

    @Test
    void shouldKnowWhichSourcesDeclareTheirNotice() {
        SourcePurposes purposes =
                new SourcePurposes(Map.of(), Map.of(), Map.of("lobby-cam", "https://example.org/notice"));

        assertThat(purposes.hasNotice("lobby-cam")).isTrue();
        assertThat(purposes.hasNotice("shop-cam")).isFalse();
        assertThat(purposes.hasNotice(null)).isFalse();
        assertThat(purposes.hasNotice("shop-cam", "https://example.org/shop-notice"))
                .isTrue();
        assertThat(purposes.hasNotice("shop-cam", " ")).isFalse();
    }

    @Test
    void shouldRefuseRawImagesWhoseHeadersCarryTooMuch() throws IOException {
        RecordHeaders manyGroups = new RecordHeaders();
        for (int i = 0; i <= EventLimits.DEFAULT.maxGroups(); i++) {
            manyGroups.add("group.a" + i, utf8("v"));
        }
        RecordHeaders longSource = new RecordHeaders();
        longSource.add("source", utf8("s".repeat(70_000)));

        assertThat(reason(decoder.decode(
                        png(),
                        manyGroups,
                        NOW,
                        "images-0-1",
                        ImagePreprocessor.withDefaultLimits(),
                        OptionalLong.of(NOW))))
                .isEqualTo("metadata_too_large");
        assertThat(reason(decoder.decode(
                        png(),
                        longSource,
                        NOW,
                        "images-0-2",
                        ImagePreprocessor.withDefaultLimits(),
                        OptionalLong.of(NOW))))
                .isEqualTo("metadata_too_large");
    }

    @Test
    void shouldRefuseEventTimesOutsideTheAllowedSkewAndAge() throws IOException {
        long skew = EventLimits.DEFAULT.maxFutureSkew().toMillis();
        long age = EventLimits.DEFAULT.maxAge().toMillis();

        assertThat(reason(decodeAvro(event(
                        "future", "cam", Map.of(), NOW + Duration.ofHours(2).toMillis()))))
                .isEqualTo("bad_event_time");
        assertThat(reason(decodeAvro(event("just-future", "cam", Map.of(), NOW + skew + 1))))
                .isEqualTo("bad_event_time");
        assertThat(decodeAvro(event("at-skew", "cam", Map.of(), NOW + skew))).isInstanceOf(Decoded.Accepted.class);
        assertThat(reason(decodeAvro(event("ancient", "cam", Map.of(), NOW - age - 1))))
                .isEqualTo("bad_event_time");
        assertThat(decodeAvro(event("at-age", "cam", Map.of(), NOW - age))).isInstanceOf(Decoded.Accepted.class);
        assertThat(reason(decoder.decode(
                        png(),
                        new RecordHeaders(),
                        NOW + Duration.ofHours(2).toMillis(),
                        "images-0-3",
                        ImagePreprocessor.withDefaultLimits(),
                        OptionalLong.of(NOW))))
                .as("raw image: the record timestamp")
                .isEqualTo("bad_event_time");
    }

    @Test
    void shouldLeaveEventTimesAloneWhenNoClockIsGiven() throws IOException {
        byte[] ancient = Topics.imageEventSerde().encode(event("dataset", "cam", Map.of(), 0));

        assertThat(decoder.decode(ancient, new RecordHeaders(), 0, "file")).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void shouldRefuseAHugeDeclaredLengthBeforeAllocatingIt() throws IOException {
        // given a single-object header of the real schema, then an event id claiming to be 1 GiB long
        byte[] valid = Topics.imageEventSerde().encode(event("e", "cam", Map.of(), NOW));
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        hostile.write(valid, 0, 10);
        hostile.writeBytes(AvroBytes.zigZag(1L << 30));
        hostile.writeBytes(utf8("abc"));

        // when / then: a named reason, not an OutOfMemoryError
        assertThat(reason(decoder.decode(
                        hostile.toByteArray(),
                        new RecordHeaders(),
                        NOW,
                        "x",
                        ImagePreprocessor.withDefaultLimits(),
                        OptionalLong.of(NOW))))
                .isEqualTo("avro_limit_exceeded");
    }

    private Decoded decodeAvro(FaceImageEvent event) {
        return decoder.decode(
                Topics.imageEventSerde().encode(event),
                new RecordHeaders(),
                NOW,
                "fallback",
                ImagePreprocessor.withDefaultLimits(),
                OptionalLong.of(NOW));
    }

    private static String reason(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        return ((Decoded.Rejected) decoded).reason().code();
    }

    private static FaceImageEvent event(String id, String source, Map<String, String> groups, long eventTime)
            throws IOException {
        return FaceImageEvent.newBuilder()
                .setEventId(id)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setSource(source)
                .setImage(ByteBuffer.wrap(png()))
                .setImageFormat(ImageFormat.PNG)
                .setSubjectId(null)
                .setLabel(EmotionLabel.HAPPINESS)
                .setGroups(groups)
                .build();
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseAFramedEventAsRegistryUnavailableWhenTheRegistryDoesNotAnswer() {
        // given a decoder reading the registry's wire format, with a registry that cannot be reached
        SchemaRegistry unreachable = new SchemaRegistry() {
            @Override
            public int register(String subject, Schema schema) {
                throw new SchemaRegistryUnavailableException("down");
            }

            @Override
            public Schema schema(int id) {
                throw new SchemaRegistryUnavailableException("down");
            }

            @Override
            public void setCompatibility(String subject, SchemaRegistry.Compatibility level) {
                throw new SchemaRegistryUnavailableException("down");
            }
        };
        TopicCodecs codecs = TopicCodecs.of(Topics.DEFAULT, WireFormat.CONFLUENT, Optional.of(unreachable));
        EventDecoder framed =
                new EventDecoder(ImagePreprocessor.withDefaultLimits(), EventLimits.DEFAULT, codecs.images());

        // when an event framed with a writer schema id not yet fetched arrives
        byte[] value = ConfluentFraming.frame(42, new byte[] {2, 'i', 'd'});
        Decoded decoded = framed.decode(value, new RecordHeaders(), NOW, "fallback");

        // then it is refused with its own reason (to be replayed), not as a processing failure
        assertThat(decoded)
                .isInstanceOfSatisfying(
                        Decoded.Rejected.class,
                        rejected ->
                                assertThat(rejected.reason()).isEqualTo(DeadLetterReason.SCHEMA_REGISTRY_UNAVAILABLE));
    }
}
