package io.emotionstream.model.preprocess;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes any format an installed ImageIO reader understands (PNG, JPEG, TIFF including palette TIFFs, BMP, GIF),
 * reading the declared dimensions first and refusing oversized images before their pixels are decoded.
 */
final class ImageDecoder {
    /** The most a decoded pixel takes: 16-bit samples, four bands. */
    private static final int MAX_BYTES_PER_PIXEL = 8;

    static {
        // Decode in memory: ImageIO's default disk cache would touch the temp directory for every stream.
        ImageIO.setUseCache(false);
    }

    private final ImageLimits limits;

    ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    BufferedImage decode(byte[] bytes) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(RejectReason.EMPTY, "no image bytes");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(
                    RejectReason.TOO_MANY_BYTES, bytes.length + " bytes exceed the limit of " + limits.maxBytes());
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(
                        RejectReason.UNRECOGNIZED_FORMAT, "no image reader recognises these bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                checkDimensions(reader);
                AtomicReference<String> warning = new AtomicReference<>();
                reader.addIIOReadWarningListener(truncationListener(warning));
                BufferedImage image = reader.read(0);
                if (warning.get() != null) {
                    throw new ImageRejectedException(
                            RejectReason.TRUNCATED, reader.getFormatName() + ": " + warning.get());
                }
                requireIntegerSamples(image.getRaster().getDataBuffer().getDataType());
                requireNoFourChannelJpeg(
                        reader.getFormatName(), image.getRaster().getNumBands());
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            RejectReason reason = endedEarly(e) ? RejectReason.TRUNCATED : RejectReason.CORRUPT;
            throw new ImageRejectedException(reason, describe(e), e);
        }
    }

    private void checkDimensions(ImageReader reader) throws IOException, ImageRejectedException {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException e) {
            // Readers refuse zero or negative header sizes while parsing the header ("Image width <= 0!").
            for (Throwable t = e; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("width") || message.contains("height")) {
                    throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS, t.getMessage(), e);
                }
            }
            throw e;
        }
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS, "declared size " + width + "x" + height);
        }
        if (width > limits.maxSide() || height > limits.maxSide()) {
            throw new ImageRejectedException(
                    RejectReason.TOO_MANY_PIXELS,
                    "declared size " + width + "x" + height + " exceeds " + limits.maxSide() + " pixels a side");
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new ImageRejectedException(
                    RejectReason.TOO_MANY_PIXELS,
                    "declared size " + width + "x" + height + " exceeds " + limits.maxPixels() + " pixels");
        }
        Optional<SampleModel> decoded = decodedSampleModel(reader);
        if (decoded.isPresent()) {
            requireIntegerSamples(decoded.get().getDataType());
        }
        int decodedBytesPerPixel = decoded.map(
                        m -> Math.max(1, DataBuffer.getDataTypeSize(m.getDataType()) / 8 * m.getNumDataElements()))
                .orElse(MAX_BYTES_PER_PIXEL);
        long heap = (long) width * height * (decodedBytesPerPixel + ImageLimits.WORKING_BYTES_PER_PIXEL);
        if (heap > limits.maxDecodedBytes()) {
            throw new ImageRejectedException(
                    RejectReason.OVER_MEMORY_BUDGET,
                    "declared size " + width + "x" + height
                            + " at " + decodedBytesPerPixel + " bytes per decoded pixel needs ~" + heap / (1024 * 1024)
                            + " MiB to prepare, over the budget of " + limits.maxDecodedBytes() / (1024 * 1024)
                            + " MiB");
        }
    }

    /**
     * How a pixel will be stored once decoded, from the reader's default destination type: its bytes (e.g. 3 for 8-bit
     * RGB, 4 for packed ARGB, 8 for 16-bit RGBA) and sample type. Empty when the reader cannot say; the budget then
     * assumes the most any format here takes.
     */
    private static Optional<SampleModel> decodedSampleModel(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types != null && types.hasNext()) {
                return Optional.of(types.next().getSampleModel(1, 1));
            }
        } catch (IOException | RuntimeException unknown) {
            // the caller assumes the worst case
        }
        return Optional.empty();
    }

    /**
     * A four-channel JPEG is CMYK or YCCK (print workflows, some cameras). Java's reader either refuses it or reads the
     * channels as RGB plus alpha, which gives wrong grays without a word: refuse it by name instead.
     */
    private static void requireNoFourChannelJpeg(String format, int bands) throws ImageRejectedException {
        if (bands == 4 && format.equalsIgnoreCase("jpeg")) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_SAMPLES, "four-channel (CMYK or YCCK) JPEG");
        }
    }

    private static void requireIntegerSamples(int dataType) throws ImageRejectedException {
        if (dataType == DataBuffer.TYPE_FLOAT || dataType == DataBuffer.TYPE_DOUBLE) {
            throw new ImageRejectedException(
                    RejectReason.UNSUPPORTED_SAMPLES, "floating-point samples are not supported");
        }
    }

    /** JPEG readers report a cut-off file as a warning and return grey pixels: treat that as truncation. */
    private static IIOReadWarningListener truncationListener(AtomicReference<String> warning) {
        return (source, message) -> {
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncat") || lower.contains("corrupt")) {
                warning.compareAndSet(null, message);
            }
        };
    }

    private static boolean endedEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof IndexOutOfBoundsException) {
                return true;
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("end of") || message.contains("eof") || message.contains("truncat")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
