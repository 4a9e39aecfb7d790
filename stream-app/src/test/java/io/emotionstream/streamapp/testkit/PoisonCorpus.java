package io.emotionstream.streamapp.testkit;

import io.emotionstream.model.preprocess.TestPngs;
import io.emotionstream.schemas.PurposeHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.EmotionProbabilities;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.events.ImageFormat;
import io.emotionstream.schemas.events.ModelRole;
import io.emotionstream.schemas.events.PredictionCalibration;
import io.emotionstream.testkit.AvroBytes;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Inputs a producer can write that once could, or could still, stop a stream: images, Avro, headers, metadata,
 * event times, labels, predictions and erasure requests. Each kind names the outcome it must get, written by hand from the contract
 * (docs/reliability.md), not from what the code happens to do: a dead letter with its reason, or a prediction.
 * {@link #kinds(String, Instant)} builds the records of one round; the round's suffix keeps keys unique.
 */
public final class PoisonCorpus {
    /** Where a record goes. */
    public enum Target {
        IMAGES,
        LABELS,
        /** The monitor's feed of predictions (internal, but read as untrusted input like any topic). */
        MONITOR_FEED,
        ERASURES
    }

    /** The outcome that answers a record. */
    public static final String PREDICTION = "prediction";
    /** A label the monitor counts but does not dead-letter (it is valid Avro, only not scorable). */
    public static final String COUNTED = "counted";

    /**
     * @param timestamp the record's timestamp (producers choose it; the broker accepts up to an hour ahead)
     * @param expected  a dead-letter reason code, {@link #PREDICTION} or {@link #COUNTED}
     */
    public record Poison(
            String kind,
            Target target,
            byte[] key,
            byte[] value,
            List<Header> headers,
            long timestamp,
            String expected) {
        public String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }
    }

    private final List<Poison> kinds = new ArrayList<>();
    private final String round;
    private final Instant now;

    private PoisonCorpus(String round, Instant now) {
        this.round = round;
        this.now = now;
    }

    public static List<Poison> kinds(String round, Instant now) {
        return new PoisonCorpus(round, now).build();
    }

    /**
     * A source the app under test must be told films a workplace, with no exemption ({@code source.contexts}): its
     * events are refused as {@code prohibited_context}.
     */
    public static final String WORKPLACE_SOURCE = "office-camera";

    private List<Poison> build() {
        rawImages();
        avroFraming();
        avroEvents();
        images();
        labels();
        predictions();
        erasures();
        return List.copyOf(kinds);
    }

    private void rawImages() {
        raw("raw-empty", new byte[0], List.of(), "empty");
        raw("raw-null-value", null, List.of(), "empty");
        raw("raw-text", utf8("not an image, just text"), List.of(), "unrecognized_format");
        raw("raw-random-bytes", random(4096, 1), List.of(), "unrecognized_format");
        raw(
                "raw-source-filming-a-workplace",
                png(48, 48, 100),
                List.of(header("source", WORKPLACE_SOURCE)),
                "prohibited_context");
        raw(
                "raw-claiming-a-classroom",
                png(48, 48, 100),
                List.of(header("source", "hall-camera"), header(PurposeHeaders.CONTEXT, "education")),
                "prohibited_context");
        raw(
                "raw-claim-contradicting-the-settings",
                png(48, 48, 100),
                List.of(header("source", WORKPLACE_SOURCE), header(PurposeHeaders.CONTEXT, "retail")),
                "context_mismatch");
        raw("raw-truncated-png", Arrays.copyOf(png(48, 48, 120), png(48, 48, 120).length / 2), List.of(), "truncated");
        raw("raw-truncated-jpeg", half(jpeg(256, 256)), List.of(), "truncated"); // cut in the scan data
        raw("raw-jpeg-cut-in-its-tables", Arrays.copyOf(jpeg(256, 256), 200), List.of(), "corrupt");
        raw("raw-png-bomb-header", TestPngs.headerOnly(60_000, 60_000), List.of(), "too_many_pixels");
        raw("raw-png-zero-width", TestPngs.headerOnly(0, 48), List.of(), "bad_dimensions");
        raw("raw-gif-signature-only", utf8("GIF89a"), List.of(), "truncated");
        raw("raw-too-many-group-headers", png(48, 48, 100), manyGroupHeaders(17), "metadata_too_large");
        raw(
                "raw-source-70000-chars",
                png(48, 48, 100),
                List.of(header("source", "s".repeat(70_000))),
                "metadata_too_large");
        raw(
                "raw-event-id-300-chars",
                png(48, 48, 100),
                List.of(header("event-id", "e".repeat(300))),
                "metadata_too_large");
        raw(
                "raw-group-value-300-chars",
                png(48, 48, 100),
                List.of(header("group.ethnicity", "v".repeat(300))),
                "metadata_too_large");
        raw(
                "raw-group-key-100-chars",
                png(48, 48, 100),
                List.of(header("group." + "k".repeat(100), "v")),
                "metadata_too_large");
        rawAt("raw-timestamp-30-minutes-ahead", png(48, 48, 100), now.plus(Duration.ofMinutes(30)), "bad_event_time");
        rawAt("raw-timestamp-40-days-old", png(48, 48, 100), now.minus(Duration.ofDays(40)), "bad_event_time");
        raw("raw-label-header-garbage", png(48, 48, 100), List.of(header("label", "%%%")), PREDICTION);
        raw("raw-header-with-null-value", png(48, 48, 100), List.of(new RecordHeader("source", null)), PREDICTION);
        raw(
                "raw-invalid-utf8-source",
                png(48, 48, 100),
                List.of(new RecordHeader("source", new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF})),
                PREDICTION);
        raw("raw-500-unrelated-headers", png(48, 48, 100), unrelatedHeaders(500), PREDICTION);
        raw("raw-16-groups-at-the-limit", png(48, 48, 100), manyGroupHeaders(16), PREDICTION);
    }

    private void avroFraming() {
        byte[] prefix = Arrays.copyOf(Topics.imageEventSerde().encode(event(id("any"), png(48, 48, 1))), 10);
        avroBytes("avro-marker-only", new byte[] {(byte) 0xC3, 0x01}, "undecodable_avro");
        avroBytes(
                "avro-unknown-fingerprint",
                concat(new byte[] {(byte) 0xC3, 0x01}, random(8, 2), random(40, 3)),
                "unknown_schema");
        avroBytes("avro-truncated-body", concat(prefix, AvroBytes.zigZag(5), utf8("ab")), "undecodable_avro");
        avroBytes(
                "avro-string-length-1GiB",
                concat(prefix, AvroBytes.zigZag(1L << 30), utf8("abc")),
                "avro_limit_exceeded");
        avroBytes("avro-string-length-negative", concat(prefix, AvroBytes.zigZag(-7), utf8("abc")), "undecodable_avro");
        byte[] head = concat(prefix, string("id"), AvroBytes.zigZag(now.toEpochMilli()), string("cam"));
        avroBytes(
                "avro-image-length-1GiB",
                concat(head, AvroBytes.zigZag(1L << 30), random(16, 4)),
                "avro_limit_exceeded");
        byte[] throughImage = concat(
                head,
                AvroBytes.zigZag(3),
                new byte[] {1, 2, 3},
                AvroBytes.zigZag(0),
                AvroBytes.zigZag(0),
                AvroBytes.zigZag(0));
        avroBytes(
                "avro-group-count-1e9", concat(throughImage, AvroBytes.zigZag(1_000_000_000L)), "avro_limit_exceeded");
        avroBytes(
                "avro-enum-index-out-of-range",
                concat(head, AvroBytes.zigZag(3), new byte[] {1, 2, 3}, AvroBytes.zigZag(99)),
                "undecodable_avro");
        avroBytes(
                "avro-trailing-garbage-after-valid-event",
                concat(
                        Topics.imageEventSerde()
                                .encode(event(id("avro-trailing-garbage-after-valid-event"), png(48, 48, 90))),
                        random(64, 5)),
                PREDICTION);
    }

    private void avroEvents() {
        avro("avro-source-70000-chars-inline-label", e -> e.setSource("s".repeat(70_000)), "metadata_too_large");
        avro(
                "avro-event-time-2-hours-ahead-inline-label",
                e -> e.setEventTime(now.plus(Duration.ofHours(2))),
                "bad_event_time");
        avro("avro-event-time-zero", e -> e.setEventTime(Instant.EPOCH), "bad_event_time");
        avro(
                "avro-event-time-negative",
                e -> e.setEventTime(Instant.ofEpochMilli(-1_000_000_000_000L)),
                "bad_event_time");
        avro("avro-event-time-max-long", e -> e.setEventTime(Instant.ofEpochMilli(Long.MAX_VALUE)), "bad_event_time");
        avro("avro-event-id-300-chars", e -> e.setEventId("e".repeat(300)), "metadata_too_large");
        avro("avro-subject-id-300-chars", e -> e.setSubjectId("s".repeat(300)), "metadata_too_large");
        avro("avro-17-groups", e -> e.setGroups(groups(17)), "metadata_too_large");
        avro("avro-group-key-65-chars", e -> e.setGroups(Map.of("k".repeat(65), "v")), "metadata_too_large");
        avro(
                "avro-group-value-300-chars",
                e -> e.setGroups(Map.of("ethnicity", "v".repeat(300))),
                "metadata_too_large");
        avro("avro-16-groups-at-the-limit", e -> e.setGroups(groups(16)), PREDICTION);
        avro("avro-empty-image", e -> e.setImage(ByteBuffer.allocate(0)), "empty");
        avro("avro-image-is-text", e -> e.setImage(ByteBuffer.wrap(utf8("hello"))), "unrecognized_format");
        avro(
                "avro-image-png-bomb-header",
                e -> e.setImage(ByteBuffer.wrap(TestPngs.headerOnly(60_000, 60_000))),
                "too_many_pixels");
        avro("avro-declared-jpeg-holds-png", e -> e.setImageFormat(ImageFormat.JPEG), PREDICTION);
        avro("avro-label-unknown-inline", e -> e.setLabel(EmotionLabel.UNKNOWN), PREDICTION);
        avro("avro-source-with-control-characters", e -> e.setSource("cam\u001f\u0000\n"), PREDICTION);
        avro("avro-group-value-with-separator", e -> e.setGroups(Map.of("ethnicity", "a\u001fb/c")), PREDICTION);
        avro("avro-event-time-4-minutes-ahead", e -> e.setEventTime(now.plus(Duration.ofMinutes(4))), PREDICTION);
    }

    private void images() {
        avro("image-1x1-png", e -> e.setImage(ByteBuffer.wrap(png(1, 1, 50))), PREDICTION);
        avro("image-4096x1-png", e -> e.setImage(ByteBuffer.wrap(png(4096, 1, 50))), PREDICTION);
        avro(
                "image-png-with-alpha",
                e -> e.setImage(ByteBuffer.wrap(encode(new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB), "png"))),
                PREDICTION);
        avro("image-two-frame-gif", e -> e.setImage(ByteBuffer.wrap(twoFrameGif())), PREDICTION);
        avro(
                "image-bmp",
                e -> e.setImage(
                        ByteBuffer.wrap(encode(new BufferedImage(30, 30, BufferedImage.TYPE_3BYTE_BGR), "bmp"))),
                PREDICTION);
        avro(
                "image-16-bit-gray-png",
                e -> e.setImage(
                        ByteBuffer.wrap(encode(new BufferedImage(40, 40, BufferedImage.TYPE_USHORT_GRAY), "png"))),
                PREDICTION);
        avro(
                "image-16-bit-rgba-3000x3000-over-heap-budget",
                e -> e.setImage(ByteBuffer.wrap(encode(rgba16(3000, 3000), "png"))),
                "over_memory_budget");
        avro(
                "image-float-samples-tiff",
                e -> e.setImage(ByteBuffer.wrap(encode(floatGray(20, 20), "tiff"))),
                "unsupported_samples");
        avro("image-four-channel-jpeg", e -> e.setImage(ByteBuffer.wrap(fourChannelJpeg())), "unsupported_samples");
    }

    private void erasures() {
        erasure("erasure-without-an-event-id", null, utf8("request-1"), "invalid_erasure_request");
        erasure(
                "erasure-request-id-200-bytes",
                utf8(id("erasure-request-id-200-bytes")),
                new byte[200],
                "invalid_erasure_request");
        erasure(
                "erasure-of-an-event-never-seen",
                utf8(id("erasure-of-an-event-never-seen")),
                utf8("request-2"),
                COUNTED);
    }

    private void labels() {
        label("label-junk", utf8("not a label"), "undecodable_label");
        label("label-null-value", null, "undecodable_label");
        label(
                "label-event-id-300-chars",
                Topics.labelSerde().encode(new GroundTruthLabel("e".repeat(300), "happy", now, "p")),
                "metadata_too_large");
        byte[] prefix = Arrays.copyOf(Topics.labelSerde().encode(new GroundTruthLabel("x", "happy", now, "p")), 10);
        label(
                "label-string-length-1GiB",
                concat(prefix, AvroBytes.zigZag(1L << 30), utf8("abc")),
                "avro_limit_exceeded");
        label(
                "label-unknown-emotion",
                Topics.labelSerde().encode(new GroundTruthLabel(id("label-unknown-emotion"), "contempt", now, "p")),
                COUNTED);
        label(
                "label-for-no-event",
                Topics.labelSerde().encode(new GroundTruthLabel(id("label-for-no-event"), "happy", now, "p")),
                COUNTED);
    }

    private void predictions() {
        prediction("prediction-junk", utf8("junk"), "undecodable_prediction");
        prediction("prediction-null-value", null, "undecodable_prediction");
        prediction(
                "prediction-source-70000-chars", encoded(p -> p.setSource("s".repeat(70_000))), "metadata_too_large");
        prediction(
                "prediction-event-time-2-hours-ahead",
                encoded(p -> p.setEventTime(now.plus(Duration.ofHours(2)))),
                "bad_event_time");
        prediction(
                "prediction-predicted-unknown",
                encoded(p -> p.setPredicted(EmotionLabel.UNKNOWN)),
                "undecodable_prediction");
        prediction(
                "prediction-model-name-not-a-name",
                encoded(p -> p.setModelName("Not A Name\u001f")),
                "undecodable_prediction");
        prediction(
                "prediction-group-value-300-chars",
                encoded(p -> p.setGroups(Map.of("dataset", "v".repeat(300)))),
                "metadata_too_large");
        // the calibration and probabilities a producer claims feed the label-free estimates: never trusted
        prediction(
                "prediction-probabilities-nan",
                encoded(p -> p.setProbabilities(new EmotionProbabilities(
                        Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, null))),
                COUNTED);
        prediction(
                "prediction-probabilities-out-of-range",
                encoded(p -> p.setProbabilities(
                        new EmotionProbabilities(-3f, 1e30f, Float.NEGATIVE_INFINITY, 0f, 0f, 2f, null))),
                COUNTED);
        prediction(
                "prediction-calibration-mix-nan",
                encoded(p -> p.setCalibration(new PredictionCalibration(
                        1f, new EmotionProbabilities(Float.NaN, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, null)))),
                COUNTED);
        prediction(
                "prediction-calibration-mix-negative",
                encoded(p -> p.setCalibration(new PredictionCalibration(
                        1f, new EmotionProbabilities(-1f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, null)))),
                COUNTED);
        prediction(
                "prediction-calibration-mix-infinite",
                encoded(p -> p.setCalibration(new PredictionCalibration(
                        1f, new EmotionProbabilities(Float.POSITIVE_INFINITY, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, null)))),
                COUNTED);
        prediction(
                "prediction-calibration-temperature-nan",
                encoded(p -> p.setCalibration(new PredictionCalibration(
                        Float.NaN, new EmotionProbabilities(0.2f, 0.2f, 0.2f, 0.2f, 0.1f, 0.1f, null)))),
                COUNTED);
        prediction("prediction-challenger-without-champion", encoded(p -> p.setRole(ModelRole.CHALLENGER)), COUNTED);
        // neutral predicted by a record whose probabilities have no neutral share (a six-class row): confidence 0
        prediction(
                "prediction-neutral-without-its-probability",
                encoded(p -> {
                    p.setPredicted(EmotionLabel.NEUTRAL);
                    p.setLabel(EmotionLabel.NEUTRAL);
                }),
                COUNTED);
    }

    // --- builders -------------------------------------------------------------------------------------------

    private String id(String kind) {
        return kind + "-" + round;
    }

    private void raw(String kind, byte[] value, List<Header> headers, String expected) {
        List<Header> all = new ArrayList<>(headers);
        if (headers.stream().noneMatch(h -> h.key().equals("event-id"))) {
            all.add(header("event-id", id(kind)));
        }
        kinds.add(new Poison(kind, Target.IMAGES, utf8(id(kind)), value, all, now.toEpochMilli(), expected));
    }

    private void rawAt(String kind, byte[] value, Instant timestamp, String expected) {
        kinds.add(new Poison(
                kind,
                Target.IMAGES,
                utf8(id(kind)),
                value,
                List.of(header("event-id", id(kind))),
                timestamp.toEpochMilli(),
                expected));
    }

    private void avroBytes(String kind, byte[] value, String expected) {
        kinds.add(new Poison(kind, Target.IMAGES, utf8(id(kind)), value, List.of(), now.toEpochMilli(), expected));
    }

    private void avro(String kind, Consumer<FaceImageEvent> change, String expected) {
        FaceImageEvent event = event(id(kind), png(48, 48, 100));
        change.accept(event);
        kinds.add(new Poison(
                kind,
                Target.IMAGES,
                utf8(id(kind)),
                Topics.imageEventSerde().encode(event),
                List.of(),
                now.toEpochMilli(),
                expected));
    }

    private void label(String kind, byte[] value, String expected) {
        kinds.add(new Poison(kind, Target.LABELS, utf8(id(kind)), value, List.of(), now.toEpochMilli(), expected));
    }

    private void prediction(String kind, byte[] value, String expected) {
        kinds.add(
                new Poison(kind, Target.MONITOR_FEED, utf8(id(kind)), value, List.of(), now.toEpochMilli(), expected));
    }

    private void erasure(String kind, byte[] key, byte[] value, String expected) {
        kinds.add(new Poison(kind, Target.ERASURES, key, value, List.of(), now.toEpochMilli(), expected));
    }

    private byte[] encoded(Consumer<EmotionPrediction> change) {
        EmotionPrediction p = EmotionPrediction.newBuilder()
                .setEventId(id("forged"))
                .setEventTime(now)
                .setSource("forged")
                .setModelName("forged-model")
                .setModelVersion(1)
                .setRole(ModelRole.CHAMPION)
                .setPredicted(EmotionLabel.ANGER)
                .setProbabilities(new EmotionProbabilities(1f, 0f, 0f, 0f, 0f, 0f, null))
                .setLabel(EmotionLabel.ANGER)
                .setSubjectId(null)
                .setGroups(Map.of("dataset", "forged"))
                .setProcessingLatencyMs(1L)
                .build();
        change.accept(p);
        return Topics.predictionSerde().encode(p);
    }

    private FaceImageEvent event(String id, byte[] image) {
        return FaceImageEvent.newBuilder()
                .setEventId(id)
                .setEventTime(now)
                .setSource("corpus")
                .setImage(ByteBuffer.wrap(image))
                .setImageFormat(ImageFormat.PNG)
                .setSubjectId(null)
                .setLabel(EmotionLabel.HAPPINESS)
                .setGroups(Map.of("dataset", "corpus"))
                .build();
    }

    private static Map<String, String> groups(int n) {
        Map<String, String> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups.put("attribute" + i, "v" + i);
        }
        return groups;
    }

    private static List<Header> manyGroupHeaders(int n) {
        List<Header> headers = new ArrayList<>();
        groups(n).forEach((k, v) -> headers.add(header("group." + k, v)));
        return headers;
    }

    private static List<Header> unrelatedHeaders(int n) {
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            headers.add(header("x-unrelated-" + i, "value " + i));
        }
        return headers;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, utf8(value));
    }

    static byte[] png(int width, int height, int gray) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (gray + x + y) & 0xFF);
            }
        }
        return encode(image, "png");
    }

    /** Noise, so that most of the file is scan data. */
    private static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random noise = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, noise.nextInt(0x1000000));
            }
        }
        return encode(image, "jpeg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage rgba16(int width, int height) {
        var model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_USHORT);
        return new BufferedImage(model, model.createCompatibleWritableRaster(width, height), false, null);
    }

    private static BufferedImage floatGray(int width, int height) {
        var model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        return new BufferedImage(model, model.createCompatibleWritableRaster(width, height), false, null);
    }

    /** A four-band JPEG, as CMYK workflows write. */
    private static byte[] fourChannelJpeg() {
        var raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (var stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(new IIOImage(raster, null, null));
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An animated GIF of two frames: the first frame is what a camera still would be. */
    private static byte[] twoFrameGif() {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (var stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.prepareWriteSequence(null);
                for (int frame = 0; frame < 2; frame++) {
                    BufferedImage image = new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY);
                    image.getRaster().setSample(frame, frame, 0, 255);
                    writer.writeToSequence(new IIOImage(image, null, null), null);
                }
                writer.endWriteSequence();
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] half(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0x01; // never the single-object marker, never an image signature
        return bytes;
    }

    private static byte[] string(String s) {
        byte[] utf8 = utf8(s);
        return concat(AvroBytes.zigZag(utf8.length), utf8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
